import Foundation

/// An error as the sentence a student reads: the framework's own errors say
/// it themselves; Foundation's (`CocoaError`, `NSError`, `URLError`) would
/// print as "Error Domain=NSCocoaErrorDomain Code=4 …" dumps, so they give
/// their localized description instead, with the file they are about.
func userMessage(_ error: Error) -> String {
    if let text = (error as? LocalizedError)?.errorDescription, !isFoundationError(error) { return text }
    guard isFoundationError(error) else { return String(describing: error) }
    let ns = error as NSError
    let path = ns.userInfo[NSFilePathErrorKey] as? String ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? Error).map { $0 as NSError }
    let posix = ns.domain == NSPOSIXErrorDomain ? ns.code : underlying?.domain == NSPOSIXErrorDomain ? underlying?.code : nil
    var text = ns.localizedDescription
    // Foundation on Linux often has no words, only "(NSCocoaErrorDomain error 512.)".
    if text.contains("could not be completed") || text.contains("couldn’t be completed") {
        text = posix.map { String(cString: strerror(Int32($0))) } ?? "the operation failed (\(ns.domain) \(ns.code))"
    } else if let posix {
        text += " (" + String(cString: strerror(Int32(posix))) + ")"
    }
    if let path, !text.contains(path) { text = "\(path): " + text }
    return text
}

private func isFoundationError(_ error: Error) -> Bool {
    error is CocoaError || error is URLError || error is POSIXError || type(of: error) is NSError.Type
}
