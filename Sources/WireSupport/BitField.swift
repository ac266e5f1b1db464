/// Small helpers for the bit fields that telecom octets are full of.
///
/// Bit numbering follows the ITU convention used in Q.763 diagrams: bit A is the least significant (bit 1).
extension FixedWidthInteger {
    /// The `width`-bit field starting at zero-based bit `shift` (bit A = shift 0).
    @inlinable
    public func bits(_ shift: Int, width: Int) -> Self {
        (self >> shift) & ((1 << width) - 1)
    }

    /// Whether zero-based bit `shift` is set.
    @inlinable
    public func bit(_ shift: Int) -> Bool {
        (self >> shift) & 1 == 1
    }

    /// A copy with the `width`-bit field at `shift` replaced by `value` (extra high bits of `value` are dropped).
    @inlinable
    public func settingBits(_ shift: Int, width: Int, to value: Self) -> Self {
        let mask: Self = ((1 << width) - 1) << shift
        return (self & ~mask) | ((value << shift) & mask)
    }
}
