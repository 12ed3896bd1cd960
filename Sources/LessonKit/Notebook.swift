import Files
import Foundation

/// The lesson as a Jupyter notebook (nbformat 4.5) with its outputs saved in it, so it
/// reads with every output in Jupyter, VS Code or a Git host, with no Swift kernel.
///
/// A markdown cell per heading and prose block; a code cell per code cell shown, holding
/// what it printed (a `stream` output), its tables (text and Markdown) and its figures
/// (the PNG bytes the lesson wrote, as `image/png`). The file depends only on the run's
/// output: no timestamps, no paths, cell ids numbered in order, keys sorted.
extension ExportDocument {
    func notebook(title: String, preamble: [String]) -> String {
        var cells: [JSON] = []
        var outputs: [JSON] = []
        var codeSource: String?
        func flushCode() {
            guard let source = codeSource else { return }
            cells.append(.object([
                "cell_type": .string("code"), "execution_count": .null, "id": .string("cell-\(cells.count + 1)"),
                "metadata": .object([:]), "outputs": .array(outputs), "source": Self.lines(source),
            ]))
            codeSource = nil
            outputs = []
        }
        func markdown(_ text: String) {
            flushCode()
            cells.append(.object([
                "cell_type": .string("markdown"), "id": .string("cell-\(cells.count + 1)"),
                "metadata": .object([:]), "source": Self.lines(text),
            ]))
        }
        /// An output belongs to the code cell before it; output with none gets an empty one.
        func output(_ item: JSON) {
            if codeSource == nil { codeSource = "" }
            // Consecutive prints are one stream, as Jupyter shows them.
            if case .object(let last)? = outputs.last, case .string("stream")? = last["output_type"],
               case .object(let new) = item, case .string("stream")? = new["output_type"],
               case .string(let before)? = last["_text"], case .string(let more)? = new["_text"] {
                outputs[outputs.count - 1] = Self.stream(before + more)
            } else {
                outputs.append(item)
            }
        }

        markdown((["# " + title] + preamble).joined(separator: "\n\n"))
        for block in blocks {
            switch block {
            case .heading(let text): markdown("## " + text)
            case .prose(let source): markdown(ProseRenderer.markdown(source))
            case .code(let source):
                flushCode()
                codeSource = source
            case .output(let text): output(Self.stream(text))
            case .table(let table):
                output(.object(["data": .object(["text/markdown": Self.lines(table.markdown()),
                                                  "text/plain": Self.lines(table.terminal(style: .init(enabled: false)))]),
                                "metadata": .object([:]), "output_type": .string("display_data")]))
            case .figure(let url, let caption):
                if let png = try? Data(contentsOf: url) {
                    output(.object(["data": .object(["image/png": .string(png.base64EncodedString()),
                                                     "text/plain": Self.lines(caption)]),
                                    "metadata": .object([:]), "output_type": .string("display_data")]))
                }
                output(.object(["data": .object(["text/markdown": Self.lines("*\(caption)*"),
                                                 "text/plain": Self.lines(caption)]),
                                "metadata": .object([:]), "output_type": .string("display_data")]))
            }
        }
        flushCode()
        let notebook = JSON.object([
            "cells": .array(cells.map(Self.withoutPrivateKeys)),
            "metadata": .object([
                "kernelspec": .object(["display_name": .string("Swift"), "language": .string("swift"), "name": .string("swift")]),
                "language_info": .object(["file_extension": .string(".swift"), "name": .string("swift")]),
            ]),
            "nbformat": .int(4), "nbformat_minor": .int(5),
        ])
        return notebook.rendered() + "\n"
    }

    /// A stream output; `_text` keeps the whole text for merging and is dropped when written.
    private static func stream(_ text: String) -> JSON {
        .object(["name": .string("stdout"), "output_type": .string("stream"), "text": lines(text), "_text": .string(text)])
    }

    private static func withoutPrivateKeys(_ cell: JSON) -> JSON {
        guard case .object(var fields) = cell else { return cell }
        if case .array(let outputs)? = fields["outputs"] {
            fields["outputs"] = .array(outputs.map { output in
                guard case .object(var o) = output else { return output }
                o["_text"] = nil
                return .object(o)
            })
        }
        return .object(fields)
    }

    /// Notebook text as a list of lines, each but the last keeping its "\n" (nbformat's own layout).
    static func lines(_ text: String) -> JSON {
        var result: [JSON] = []
        var line = ""
        for ch in text {
            line.append(ch)
            if ch == "\n" { result.append(.string(line)); line = "" }
        }
        if !line.isEmpty { result.append(.string(line)) }
        return .array(result)
    }
}

/// Just enough JSON to write a notebook byte for byte the same each time:
/// keys sorted, one-space indentation as nbformat writes it.
indirect enum JSON: Equatable {
    case string(String)
    case int(Int)
    case null
    case array([JSON])
    case object([String: JSON])

    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent + 1)
        let close = String(repeating: " ", count: indent)
        switch self {
        case .string(let s): return jsonQuoted(s)
        case .int(let n): return String(n)
        case .null: return "null"
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let fields):
            guard !fields.isEmpty else { return "{}" }
            return "{\n" + fields.keys.sorted().map { pad + jsonQuoted($0) + ": " + fields[$0]!.rendered(indent: indent + 1) }
                .joined(separator: ",\n") + "\n" + close + "}"
        }
    }
}
