import XCTest
@testable import TerminalImages

final class DetectionTests: XCTestCase {
    private let xtermSixel = "\u{1B}[?63;1;2;4;6;9;15;16;22;28c"
    private let vt100 = "\u{1B}[?1;2c"

    /// Detection with a recorded device-attributes answer; `asked` counts the queries.
    private func detect(_ environment: [String: String], terminal: Bool = true, answer: String? = nil,
                        passthrough: Bool = false) -> (target: InlineImageTarget?, asked: Int) {
        detect(.auto, environment, terminal: terminal, answer: answer, passthrough: passthrough)
    }

    private func detect(_ mode: InlineImageMode, _ environment: [String: String], terminal: Bool = true,
                        answer: String? = nil, passthrough: Bool = false) -> (target: InlineImageTarget?, asked: Int) {
        var asked = 0
        let target = InlineImageDetection.target(mode: mode, environment: environment, outputIsTerminal: terminal,
                                                 deviceAttributes: { asked += 1; return answer },
                                                 tmuxPassthroughAllowed: { passthrough })
        return (target, asked)
    }

    func testAutoChoosesNothingForAPipeAndAsksNothing() {
        for environment in [["KITTY_WINDOW_ID": "1"], ["TERM_PROGRAM": "iTerm.app"], ["TERM": "xterm"]] {
            let result = detect(environment, terminal: false, answer: xtermSixel)
            XCTAssertNil(result.target)
            XCTAssertEqual(result.asked, 0, "a pipe has no terminal to ask")
        }
        XCTAssertNil(detect(.kitty, [:], terminal: false).target, "not even a forced protocol goes into a pipe")
        XCTAssertNil(detect(.off, ["KITTY_WINDOW_ID": "1"]).target)
    }

    func testTheEnvironmentNamesTheProtocol() {
        XCTAssertEqual(detect(["KITTY_WINDOW_ID": "3", "TERM": "xterm-kitty"]).target, InlineImageTarget(proto: .kitty))
        XCTAssertEqual(detect(["TERM": "xterm-ghostty"]).target?.proto, .kitty)
        XCTAssertEqual(detect(["KONSOLE_VERSION": "230804"]).target?.proto, .kitty)
        XCTAssertEqual(detect(["TERM_PROGRAM": "iTerm.app"]).target?.proto, .iterm)
        XCTAssertEqual(detect(["WEZTERM_PANE": "0"]).target?.proto, .iterm)
        let named = detect(["TERM_PROGRAM": "WezTerm"], answer: xtermSixel)
        XCTAssertEqual(named.target?.proto, .iterm)
        XCTAssertEqual(named.asked, 0, "no query when the environment already says")
    }

    func testSixelOnlyWhenTheTerminalSaysSo() {
        XCTAssertEqual(detect(["TERM": "xterm"], answer: xtermSixel).target, InlineImageTarget(proto: .sixel))
        XCTAssertNil(detect(["TERM": "xterm"], answer: vt100).target)
        XCTAssertNil(detect(["TERM": "xterm"], answer: nil).target, "no answer in time: off")
        XCTAssertNil(detect(["TERM": "xterm"], answer: "\u{1B}[?64;14c").target, "14 is not 4")
        XCTAssertNil(detect(["TERM": "dumb"], answer: xtermSixel).target)
        XCTAssertNil(detect(["STY": "1234.pts-0", "TERM": "screen"], answer: xtermSixel).target)
    }

    func testTmuxPassesOtherProtocolsThroughOnlyWhenAllowed() {
        let environment = ["TMUX": "/tmp/tmux-0/default,1,0", "KITTY_WINDOW_ID": "1", "TERM": "tmux-256color"]
        XCTAssertEqual(detect(environment, passthrough: true).target, InlineImageTarget(proto: .kitty, tmuxPassthrough: true))
        XCTAssertNil(detect(environment, passthrough: false).target)
        XCTAssertNil(detect(.iterm, ["TMUX": "x"], passthrough: false).target)
        // tmux answers the query itself and draws sixel itself when it can: no wrapping.
        XCTAssertEqual(detect(["TMUX": "x"], answer: xtermSixel).target, InlineImageTarget(proto: .sixel))
    }

    func testForcedProtocolSkipsTheQuery() {
        let result = detect(.sixel, ["TERM": "xterm"], answer: vt100)
        XCTAssertEqual(result.target?.proto, .sixel)
        XCTAssertEqual(result.asked, 0)
    }

    func testGeometryFitsTheWidthKeepsTheAspectAndNeverEnlarges() {
        let window = TerminalGeometry(columns: 100, rows: 40, pixelWidth: 800, pixelHeight: 600)
        XCTAssertEqual(window.cellWidth, 8)
        let fitted = window.fit(width: 1600, height: 400)
        XCTAssertEqual([fitted.width, fitted.height], [800, 200])
        let tall = window.fit(width: 400, height: 1140)  // 38 rows of 15 px
        XCTAssertEqual([tall.width, tall.height], [200, 570])
        XCTAssertEqual([window.fit(width: 300, height: 100).width], [300])
        let noPixels = TerminalGeometry(columns: 80)
        XCTAssertEqual(noPixels.fit(width: 1120, height: 560).width, 800, "80 columns of 10 px")
        XCTAssertEqual(noPixels.columns(forPixelWidth: 800), 80)
    }
}
