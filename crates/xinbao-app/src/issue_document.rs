//! An issue as printed: the data of the official layout, shared by the .docx and the print
//! page, and the .docx itself, built off the async executor.

use crate::instructions::InstructionView;
use crate::periodicals::IssueView;
use crate::{Actor, App, AppError, Result};
use chrono::Datelike;
use xinbao_domain::Timestamp;
use xinbao_domain::periodical::{IssueStatus, issue_label};
use xinbao_office::{Entry, IssueDoc};
use xinbao_store::items;

/// A published issue as read on screen.
pub struct IssueReading {
    pub doc: IssueDoc,
    pub issue: IssueView,
    pub instructions: Vec<InstructionView>,
    /// May the reader write or record an instruction on its items?
    pub may_instruct: bool,
}

/// "2026年11月22日" in Beijing time.
pub(crate) fn chinese_date(t: i64) -> String {
    let d = Timestamp(t)
        .to_datetime()
        .with_timezone(&chrono_tz::Asia::Shanghai);
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

impl App {
    /// What an issue prints. Before publication the number is left blank, as on a proof.
    pub async fn issue_document(&self, actor: &Actor, id: i64) -> Result<IssueDoc> {
        let view = self.issue(actor, id).await?;
        self.document_of(&view).await
    }

    /// A published issue as a leader reads it, recording the read receipt, with the
    /// instructions given on its items; before publication, the proof.
    pub async fn read_issue(&self, actor: &Actor, id: i64) -> Result<IssueReading> {
        let mut issue = self.issue(actor, id).await?;
        if issue.issue.status == IssueStatus::Published {
            issue = self.mark_issue_read(actor, id).await?;
        }
        let doc = self.document_of(&issue).await?;
        let ids: Vec<i64> = issue.items.iter().map(|i| i.item_id).collect();
        let mut r = self.store.read().await?;
        let instructions = crate::instructions::on_items(&mut r.conn(), &ids).await?;
        let may_instruct =
            xinbao_domain::instruction::may_instruct(&actor.principal, issue.periodical.office_id);
        Ok(IssueReading {
            doc,
            issue,
            instructions,
            may_instruct,
        })
    }

    async fn document_of(&self, view: &IssueView) -> Result<IssueDoc> {
        let org = self.org().await?;
        let ids: Vec<i64> = view.items.iter().map(|i| i.item_id).collect();
        let mut r = self.store.read().await?;
        let rows = items::get_many(&mut r.conn(), &ids).await?;
        drop(r);
        let (i, p) = (&view.issue, &view.periodical);
        let kind = i.kind;
        let number = match (i.year, i.number) {
            (Some(y), Some(n)) => issue_label(
                kind,
                i32::try_from(y).unwrap_or(0),
                n,
                i.total_number,
                p.restart_yearly,
            ),
            _ if kind == xinbao_domain::periodical::IssueKind::Supplement => "增刊第　　期".into(),
            _ => "第　　期".into(),
        };
        let entries = view
            .items
            .iter()
            .filter_map(|ii| {
                let item = rows.iter().find(|r| r.id == ii.item_id)?;
                Some(Entry {
                    item_id: item.id,
                    column: ii.column_name.clone(),
                    headline: if ii.headline.trim().is_empty() {
                        item.title.clone()
                    } else {
                        ii.headline.clone()
                    },
                    paragraphs: item.body_text.lines().map(str::to_string).collect(),
                    // An item the office wrote itself (a combination) carries no byline.
                    source: if item.unit_id == p.office_id {
                        String::new()
                    } else {
                        org.name(item.unit_id)
                    },
                })
            })
            .collect();
        let date = i.signed_off_at.or(i.published_at).unwrap_or(self.now().0);
        Ok(IssueDoc {
            periodical: p.name.clone(),
            number,
            office: org.name(p.office_id),
            date: chinese_date(date),
            secrecy: p.secrecy.clone(),
            editor_note: i.editor_note.clone(),
            entries,
            dist_up: p.dist_up.clone(),
            dist_side: p.dist_side.clone(),
            dist_down: p.dist_down.clone(),
            copies: p.copies,
        })
    }

    /// The issue as a .docx: (file name, bytes).
    pub async fn issue_docx(&self, actor: &Actor, id: i64) -> Result<(String, Vec<u8>)> {
        let doc = self.issue_document(actor, id).await?;
        let name = format!("{}{}.docx", doc.periodical, doc.number.replace('　', ""));
        let bytes = self
            .heavy(move || xinbao_office::issue_docx(&doc))
            .await?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok((name, bytes))
    }
}
