//! Item bodies: HTML cleaned to what real items need (paragraphs, bold, lists, headings,
//! pictures stored by the system), and the plain text used for diffs and search.

use std::collections::HashSet;

/// Cleans HTML (pasted from Word or WPS, or typed) down to the allowed elements; plain text
/// becomes paragraphs.
pub fn clean(input: &str) -> String {
    let looks_html = input.contains('<') && input.contains('>');
    let html = if looks_html {
        input.to_string()
    } else {
        paragraphs(input)
    };
    let tags: HashSet<&str> = [
        "p", "br", "strong", "b", "em", "i", "u", "ol", "ul", "li", "h3", "h4", "img", "table",
        "tr", "td", "th",
    ]
    .into_iter()
    .collect();
    ammonia::Builder::default()
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [("img", ["src", "alt"].into_iter().collect())]
                .into_iter()
                .collect(),
        )
        .url_schemes(HashSet::new())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(|el, attr, value| {
            if el == "img" && attr == "src" && !value.starts_with("/files/") {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(&html)
        .to_string()
        .replace("<p></p>", "")
}

fn paragraphs(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("<p>{}</p>", ammonia::clean_text(l)))
        .collect()
}

/// The visible text of cleaned HTML: one line per paragraph or list entry.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut tag = String::new();
    for ch in html.chars() {
        match (in_tag, ch) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                let t = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if matches!(t.as_str(), "p" | "br" | "li" | "h3" | "h4" | "tr")
                    && (tag.starts_with('/') || t == "br")
                    && !out.ends_with('\n')
                {
                    out.push('\n');
                }
            }
            (true, c) => tag.push(c),
            (false, c) => out.push(c),
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_paste_keeps_paragraphs_and_bold_and_drops_junk() {
        let pasted = r#"<p class="MsoNormal" style="mso-line-height:150%"><span style="font-family:仿宋_GB2312"><b>一、</b>基本情况</span><o:p></o:p></p><script>alert(1)</script><p style="x">第二段</p>"#;
        let c = clean(pasted);
        assert_eq!(c, "<p><b>一、</b>基本情况</p><p>第二段</p>");
        assert_eq!(text_of(&c), "一、基本情况\n第二段");
    }

    #[test]
    fn plain_text_becomes_paragraphs_and_pictures_must_be_ours() {
        assert_eq!(
            clean("第一段\n\n第二段 <不是标签"),
            "<p>第一段</p><p>第二段 &lt;不是标签</p>"
        );
        assert_eq!(
            clean(r#"<p><img src="https://evil.example/x.png"><img src="/files/ab12"></p>"#),
            r#"<p><img><img src="/files/ab12"></p>"#
        );
    }

    #[test]
    fn lists_keep_their_entries_in_the_text() {
        assert_eq!(
            text_of("<ol><li>甲</li><li>乙&amp;丙</li></ol>"),
            "甲\n乙&丙"
        );
    }
}
