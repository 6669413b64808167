//! The one rule for text that enters the system, whatever the backend: valid UTF-8 (Rust
//! strings are), and no control characters but tab, line feed and carriage return. NUL in
//! particular is stored by SQLite and refused by PostgreSQL, so it is refused at the edge
//! and every backend stores the same thing. Lengths elsewhere are counted in characters.

use std::borrow::Cow;

/// May this character appear in text a person sends?
pub fn allowed(c: char) -> bool {
    !matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f')
}

/// Does the text keep the rule?
pub fn is_clean(s: &str) -> bool {
    s.chars().all(allowed)
}

/// The text with every forbidden character dropped: for text that comes from files and
/// from rows written before the rule, where refusing is no help.
pub fn cleaned(s: &str) -> Cow<'_, str> {
    if is_clean(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|c| allowed(*c)).collect())
    }
}

/// Does the raw, percent-decoded byte string keep the rule (checked before it is UTF-8)?
pub fn bytes_clean(b: &[u8]) -> bool {
    b.iter()
        .all(|x| !matches!(x, 0..=8 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tab_and_line_breaks_are_text_but_nul_and_other_controls_are_not() {
        assert!(is_clean("第一段\n\t第二段\r\n"));
        for bad in ["a\0b", "\x01", "\x1b[31m", "x\x7f", "\x0b", "\x0c"] {
            assert!(!is_clean(bad), "{bad:?}");
            assert!(!bytes_clean(bad.as_bytes()), "{bad:?}");
        }
        assert_eq!(cleaned("标\0题\x07"), "标题");
        assert!(matches!(cleaned("干净"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn cleaned_text_is_always_clean_and_clean_text_is_kept(s in ".*") {
            prop_assert!(is_clean(&cleaned(&s)));
            if is_clean(&s) {
                let kept = cleaned(&s).into_owned();
                prop_assert_eq!(kept, s.clone());
            }
            prop_assert_eq!(is_clean(&s), bytes_clean(s.as_bytes()));
        }
    }
}
