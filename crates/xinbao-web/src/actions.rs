//! The item actions of the editorial cycle, one dispatcher for the API and the pages: both
//! name the action by its code (the codes of `ItemView::actions`) and pass what it carries.
//! Also the revision diff both show.

use crate::failure::Failure;
use serde::Deserialize;
use utoipa::ToSchema;
use xinbao_app::diff::Segment;
use xinbao_app::{Actor, App, AppError};
use xinbao_store::items::RevisionRow;

/// What an action may carry.
#[derive(Deserialize, Default, ToSchema)]
pub struct ActionBody {
    /// A comment (required to return an item or refuse a sign-off).
    #[serde(default)]
    pub comment: String,
    /// Decline: a reason from `/api/v1/decline-reasons` or free text.
    #[serde(default)]
    pub reason: String,
    /// Decline: further details.
    #[serde(default)]
    pub details: String,
    /// Adopt: the periodical it is meant for.
    pub periodical: Option<String>,
    /// Forward: first-receiver direct report (首接直报), signed by the top signer.
    #[serde(default)]
    pub direct: bool,
    /// Share: the peer office.
    pub office_id: Option<i64>,
}

/// Applies `action` to item `id`; the answer is the item to show next (for forwarding, the
/// new item at the office above). An unknown action is no route at all.
pub async fn dispatch(
    app: &App,
    a: &Actor,
    id: i64,
    action: &str,
    b: &ActionBody,
) -> Result<i64, Failure> {
    let office = || b.office_id.ok_or(Failure::invalid("office_id", "required"));
    let row = match action {
        "submit" => app.submit_item(a, id).await?,
        "approve" => app.approve_item(a, id, &b.comment).await?,
        "reject" => app.reject_item(a, id, &b.comment).await?,
        "withdraw" => app.withdraw_item(a, id).await?,
        "receive" => app.receive_item(a, id).await?,
        "claim" => app.claim_item(a, id).await?,
        "hold" => app.hold_item(a, id, &b.comment).await?,
        "reserve" => app.reserve_item(a, id, &b.comment).await?,
        "return" => app.return_item(a, id, &b.comment).await?,
        "decline" => app.decline_item(a, id, &b.reason, &b.details).await?,
        "adopt" => app.adopt_item(a, id, b.periodical.as_deref()).await?,
        "forward" => app.forward_item(a, id, b.direct).await?,
        "share" => {
            app.share_item(a, id, office()?).await?;
            return Ok(id);
        }
        _ => return Err(Failure(AppError::NoSuchRoute)),
    };
    Ok(row.id)
}

/// Two revisions of an item and the character-level difference between them.
pub async fn revision_diff(
    app: &App,
    a: &Actor,
    id: i64,
    from: i64,
    to: i64,
) -> Result<(RevisionRow, RevisionRow, Vec<Segment>), Failure> {
    let revs = app.item_revisions(a, id).await?;
    let find = |n: i64| {
        revs.iter()
            .find(|r| r.rev_no == n)
            .cloned()
            .ok_or(Failure(AppError::NotFound))
    };
    let (from, to) = (find(from)?, find(to)?);
    let segments = xinbao_app::diff::diff(
        &format!("{}\n{}", from.title, from.body_text),
        &format!("{}\n{}", to.title, to.body_text),
    );
    Ok((from, to, segments))
}
