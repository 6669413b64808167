//! Readable differences between two revisions. Chinese has no spaces, so the diff runs by
//! character; short unchanged runs between changes are folded into them, so a reader sees
//! whole phrases replaced rather than a scatter of single characters.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Segment {
    /// `same`, `added` or `removed`.
    pub kind: &'static str,
    pub text: String,
}

impl Segment {
    pub fn is_added(&self) -> bool {
        self.kind == "added"
    }

    pub fn is_removed(&self) -> bool {
        self.kind == "removed"
    }
}

/// The segments that turn `old` into `new`.
pub fn diff(old: &str, new: &str) -> Vec<Segment> {
    let d = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_chars(old, new);
    let mut raw: Vec<(ChangeTag, String)> = Vec::new();
    for change in d.iter_all_changes() {
        let tag = change.tag();
        match raw.last_mut() {
            Some((t, s)) if *t == tag => s.push_str(change.value()),
            _ => raw.push((tag, change.value().to_string())),
        }
    }
    // Fold short equal runs (no punctuation, ≤ 2 chars) between changes into both sides.
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let (tag, text) = &raw[i];
        let between = i > 0
            && i + 1 < raw.len()
            && raw[i - 1].0 != ChangeTag::Equal
            && raw[i + 1].0 != ChangeTag::Equal;
        if *tag == ChangeTag::Equal
            && between
            && text.chars().count() <= 2
            && !text.chars().any(is_break)
        {
            push(&mut out, "removed", text);
            push(&mut out, "added", text);
        } else {
            let kind = match tag {
                ChangeTag::Equal => "same",
                ChangeTag::Delete => "removed",
                ChangeTag::Insert => "added",
            };
            push(&mut out, kind, text);
        }
        i += 1;
    }
    regroup(out)
}

fn is_break(c: char) -> bool {
    "，。；：！？、\n,.;:!?".contains(c)
}

fn push(out: &mut Vec<Segment>, kind: &'static str, text: &str) {
    out.push(Segment {
        kind,
        text: text.to_string(),
    });
}

/// Within each run of changes, all removals first, then all additions, merged.
fn regroup(segs: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let flush = |out: &mut Vec<Segment>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Segment {
                kind: "removed",
                text: std::mem::take(removed),
            });
        }
        if !added.is_empty() {
            out.push(Segment {
                kind: "added",
                text: std::mem::take(added),
            });
        }
    };
    for s in segs {
        match s.kind {
            "removed" => removed.push_str(&s.text),
            "added" => added.push_str(&s.text),
            _ => {
                flush(&mut out, &mut removed, &mut added);
                out.push(s);
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewritten_phrase_shows_as_one_removal_and_one_addition() {
        let d = diff("全县大力推进秸秆禁烧工作。", "全县全面推动秸秆禁烧工作。");
        assert_eq!(
            d[0],
            Segment {
                kind: "same",
                text: "全县".into()
            }
        );
        assert_eq!(
            d[1],
            Segment {
                kind: "removed",
                text: "大力推进".into()
            }
        );
        assert_eq!(
            d[2],
            Segment {
                kind: "added",
                text: "全面推动".into()
            }
        );
        assert_eq!(d[3].text, "秸秆禁烧工作。");
    }

    #[test]
    fn applying_the_diff_gives_both_texts_back() {
        let (a, b) = (
            "一、基本情况。今年以来，我镇共完成。",
            "一、总体情况。今年1至10月，全镇共完成任务。",
        );
        let d = diff(a, b);
        let old: String = d
            .iter()
            .filter(|s| s.kind != "added")
            .map(|s| s.text.as_str())
            .collect();
        let new: String = d
            .iter()
            .filter(|s| s.kind != "removed")
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!((old.as_str(), new.as_str()), (a, b));
    }
}
