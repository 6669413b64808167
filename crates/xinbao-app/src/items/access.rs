//! The domain's item rules (`xinbao_domain::item::access`) applied to stored rows.

use crate::org::OrgSnapshot;
use xinbao_domain::access::Principal;
use xinbao_domain::item::access::{self as rules, ItemFacts};
use xinbao_store::items::ItemRow;

pub use xinbao_domain::item::access::SignoffRules as Rules;
pub use xinbao_domain::item::access::is_editor;

/// The facts the rules read of a row.
pub fn facts(item: &ItemRow) -> ItemFacts {
    ItemFacts {
        unit_id: item.unit_id,
        office_id: item.office_id,
        status: item.status,
        importance: item.importance,
        direct_report: item.direct_report,
    }
}

pub fn is_writer(p: &Principal, unit: i64, org: &OrgSnapshot) -> bool {
    rules::is_writer(p, unit, &org.tree)
}

pub fn may_view(p: &Principal, item: &ItemRow, shared_with: &[i64], org: &OrgSnapshot) -> bool {
    rules::may_view(p, &facts(item), shared_with, &org.tree)
}

/// May `p` sign off the item for its unit?
pub fn may_sign_off(p: &Principal, item: &ItemRow, r: &Rules, org: &OrgSnapshot) -> bool {
    let f = facts(item);
    rules::may_sign_off(p, f.unit_id, f.importance, f.direct_report, r, &org.tree)
}

/// Does submitting the item need a sign-off that `p` cannot give themselves?
pub fn needs_signoff(p: &Principal, item: &ItemRow, r: &Rules, org: &OrgSnapshot) -> bool {
    let f = facts(item);
    rules::needs_signoff(p, f.unit_id, f.importance, f.direct_report, r, &org.tree)
}

/// The actions `p` may take on the item now.
pub fn allowed(p: &Principal, item: &ItemRow, r: &Rules, org: &OrgSnapshot) -> Vec<&'static str> {
    rules::allowed(p, &facts(item), r, &org.tree)
}
