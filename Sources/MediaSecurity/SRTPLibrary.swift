import CSRTP

/// libsrtp2's global state: `srtp_init()` runs once per process (a Swift `static let` is initialised exactly once,
/// thread-safely) and is never shut down, so contexts on any thread can be created at any time.
enum SRTPLibrary {
    private static let initialisation: srtp_err_status_t = srtp_init()

    /// `true` once the library is ready.
    static func ensureInitialised() -> Bool { initialisation == srtp_err_status_ok }
}
