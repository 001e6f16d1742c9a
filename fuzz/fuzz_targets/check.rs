//! Invariants every analysis holds (shared by the fuzz targets and the fallback runner).
use tekstlens::Analysis;

pub fn check_analysis(text: &str, a: &Analysis) {
    for t in &a.tokens {
        assert!(t.start < t.end && t.end <= text.len(), "token span {}..{}", t.start, t.end);
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end), "token off char boundary");
        assert!(t.sentence < a.sentences.len(), "token sentence out of range");
    }
    for s in &a.sentences {
        assert!(s.start <= s.end && s.end <= text.len(), "sentence span");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "sentence off char boundary");
    }
    let mut last = 0;
    for e in &a.entities {
        assert!(e.start < e.end && e.end <= text.len(), "entity span {}..{}", e.start, e.end);
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end), "entity off char boundary");
        assert!(e.start >= last, "entities overlap or out of order at {}", e.start);
        assert_eq!(e.text, &text[e.start..e.end], "entity text is not its span");
        assert!(e.token_start < e.token_end && e.token_end <= a.tokens.len(), "entity token range");
        last = e.end;
    }
    for t in &a.terms {
        assert!(t.count > 0 && t.count == t.positions.len(), "term count");
        assert!(t.positions.iter().all(|&p| p < a.tokens.len()), "term position");
    }
}
