extension String {
    /// The lines of a process's output that are complete (ended by a newline): a pipe may hand over a line in two
    /// reads, and a line read before its end (a port missing its last digit, a request without its headers) must
    /// not be matched.
    public var completeLines: [Substring] {
        let complete = hasSuffix("\n") ? self[...] : self[..<(lastIndex(of: "\n") ?? startIndex)]
        return complete.split(separator: "\n")
    }
}
