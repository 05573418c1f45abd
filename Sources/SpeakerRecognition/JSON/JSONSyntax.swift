/// How forgiving ``JSONParser`` is.
public enum JSONSyntax: Sendable, Hashable {
    /// RFC 8259 exactly: what a conforming server sends. The default for responses off the wire.
    case strict
    /// Also takes the published docs' invalid JSON, for documents a person pastes: `//` and
    /// `/* */` comments, trailing commas, missing commas between members or elements, `,` or `=`
    /// in place of `:`, a `…` or `...` placeholder element, single-quoted strings, a byte-order
    /// mark and non-breaking spaces.
    case lenient
}
