//! Sending a published issue to the office's leaders: in-app and on each leader's channels
//! (email, SMS), through the outbox in the publishing transaction.

use crate::i18n::trf;
use crate::{App, Result};
use serde_json::json;
use xinbao_domain::Role;
use xinbao_domain::notice::NoticeKind;
use xinbao_store::periodicals::PeriodicalRow;
use xinbao_store::{Conn, notifications, people};

/// The roles that read an office's periodicals.
pub const READER_ROLES: [Role; 4] = [
    Role::Reader,
    Role::Signer,
    Role::UnitLeader,
    Role::PrincipalLeader,
];

impl App {
    /// Tells the office's leaders that an issue is out (call inside the publishing transaction).
    pub(crate) async fn send_issue(
        &self,
        c: &mut Conn<'_>,
        p: &PeriodicalRow,
        issue: i64,
        label: &str,
        now: i64,
    ) -> Result<usize> {
        let title = format!("《{}》{}", p.name, label);
        let args = json!({ "title": title, "issue_id": issue }).to_string();
        let subject = trf("zh-CN", "notify.issue_published", &[]);
        let body = format!("{subject}：{title}");
        let readers = people::holders(c, p.office_id, &READER_ROLES).await?;
        for person in &readers {
            notifications::add(c, *person, None, NoticeKind::IssuePublished, &args, now).await?;
            self.queue_for_person(c, *person, &subject, &body, now)
                .await?;
        }
        Ok(readers.len())
    }
}
