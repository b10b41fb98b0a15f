const (
	TokenEOF TokenKind = iota
	TokenIdent
	TokenString
)
