//! A draft from an uploaded Word document: the first heading or paragraph becomes the title,
//! the other paragraphs the body, bold kept.

use super::ItemInput;
use crate::{Actor, App, AppError, Result};
use docx_rs::{DocumentChild, ParagraphChild, RunChild};

/// Title and body (HTML) of a .docx file.
pub fn read(bytes: &[u8]) -> Result<(String, String)> {
    let doc = docx_rs::read_docx(bytes).map_err(|_| AppError::invalid("file", "not_docx"))?;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut plain: Vec<String> = Vec::new();
    for child in &doc.document.children {
        let DocumentChild::Paragraph(p) = child else {
            continue;
        };
        let mut html = String::new();
        let mut text = String::new();
        for pc in &p.children {
            let ParagraphChild::Run(run) = pc else {
                continue;
            };
            let mut t = String::new();
            for rc in &run.children {
                match rc {
                    RunChild::Text(x) => t.push_str(&xinbao_domain::text::cleaned(&x.text)),
                    RunChild::Tab(_) => t.push(' '),
                    _ => {}
                }
            }
            text.push_str(&t);
            let escaped = ammonia::clean_text(&t);
            if run.run_property.bold.is_some() && !t.trim().is_empty() {
                html.push_str(&format!("<b>{escaped}</b>"));
            } else {
                html.push_str(&escaped);
            }
        }
        if !text.trim().is_empty() {
            paragraphs.push(html);
            plain.push(text.trim().to_string());
        }
    }
    if plain.is_empty() {
        return Err(AppError::invalid("file", "empty"));
    }
    let title: String = plain[0].chars().take(120).collect();
    let body: String = paragraphs[1..]
        .iter()
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    let body = if body.is_empty() {
        format!("<p>{}</p>", ammonia::clean_text(&plain[0]))
    } else {
        body
    };
    Ok((title, body))
}

impl App {
    /// Creates a draft from a .docx file (checked against the unzip limits, then parsed as
    /// heavy work).
    pub async fn draft_from_docx(
        &self,
        actor: &Actor,
        bytes: Vec<u8>,
    ) -> Result<xinbao_store::items::ItemRow> {
        let limits = self.cfg.unzip;
        let (title, body) = self
            .heavy(move || {
                crate::check_package(&bytes, &limits)?;
                read(&bytes)
            })
            .await??;
        let input = ItemInput {
            title,
            body,
            item_type: "dynamic".into(),
            ..Default::default()
        };
        self.create_item(actor, &input, None).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::{Docx, Paragraph, Run};

    #[test]
    fn a_word_document_becomes_a_title_and_paragraphs() {
        let mut buf = std::io::Cursor::new(Vec::new());
        Docx::new()
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text("城关镇推进秸秆禁烧")))
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("一、").bold())
                    .add_run(Run::new().add_text("基本情况")),
            )
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text("全镇未发现火点。")))
            .build()
            .pack(&mut buf)
            .expect("pack");
        let (title, body) = read(buf.get_ref()).expect("read");
        assert_eq!(title, "城关镇推进秸秆禁烧");
        assert_eq!(body, "<p><b>一、</b>基本情况</p><p>全镇未发现火点。</p>");
    }

    #[test]
    fn something_that_is_not_a_docx_is_refused() {
        assert!(read(b"not a zip").is_err());
    }
}
