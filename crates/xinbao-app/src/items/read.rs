//! Reading items: the item with its history, revisions, sources, credit and what happened
//! above (its trail), and the inbox counts per state kept for a second.

use super::access;
use super::trail::{sources_and_credit, trail};
use crate::{Actor, App, Result};
use serde::Serialize;
use xinbao_domain::item::ItemStatus;
use xinbao_store::Conn;
use xinbao_store::inbox::{self, Filter};
use xinbao_store::items::{self, EventRow, ItemRow, RevisionRow};

/// One office the item (or what it became) passed through, and what happened there.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrailStep {
    pub item_id: i64,
    pub office_id: Option<i64>,
    pub office_name: String,
    #[schema(value_type = String)]
    pub status: ItemStatus,
    pub at: Option<i64>,
    pub periodical: Option<String>,
    pub comment: Option<String>,
    /// Leaders' instructions given on the item at this step.
    pub instruction_count: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Credit {
    pub unit_id: i64,
    pub unit_name: String,
    pub share: f64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SourceRef {
    pub id: i64,
    pub title: String,
    pub unit_name: String,
}

/// An item as its reader sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemView {
    #[serde(flatten)]
    #[schema(inline)]
    pub item: ItemRow,
    pub unit_name: String,
    pub office_name: String,
    pub author_name: String,
    pub signed_off_by_name: Option<String>,
    pub claimed_by_name: Option<String>,
    /// Every action, oldest first.
    pub history: Vec<EventRow>,
    /// This office, then every office above it went to.
    pub trail: Vec<TrailStep>,
    pub credit: Vec<Credit>,
    pub sources: Vec<SourceRef>,
    pub shared_with: Vec<i64>,
    /// What the caller may do now.
    pub actions: Vec<String>,
    pub revision_count: i64,
    pub attachments: Vec<xinbao_store::files::AttachmentRow>,
    /// Leaders' instructions on this item and on what it became above.
    pub instructions: Vec<crate::instructions::InstructionView>,
}

async fn person_name(c: &mut Conn<'_>, id: Option<i64>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => xinbao_store::people::get(c, id).await?.map(|p| p.name),
        None => None,
    })
}

impl App {
    pub async fn item(&self, actor: &Actor, id: i64) -> Result<ItemView> {
        let org = self.org().await?;
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let l = super::flow::load_on(c, actor, id, org).await?;
        self.view(c, actor, l).await
    }

    /// The item and its revisions, checked and loaded once, on one connection (the item page).
    pub async fn item_page(&self, actor: &Actor, id: i64) -> Result<(ItemView, Vec<RevisionRow>)> {
        let org = self.org().await?;
        let mut r = self.store.read().await?;
        let c = &mut r.conn();
        let l = super::flow::load_on(c, actor, id, org).await?;
        // Revisions are listed only when there is more than one.
        let revisions = if l.item.revision > 1 {
            items::revisions(c, id).await?
        } else {
            Vec::new()
        };
        Ok((self.view(c, actor, l).await?, revisions))
    }

    async fn view(
        &self,
        c: &mut Conn<'_>,
        actor: &Actor,
        l: super::flow::Loaded,
    ) -> Result<ItemView> {
        let id = l.item.id;
        let history = items::events(c, id).await?;
        let trail = trail(c, &l.item, &l.org).await?;
        // Sources and attachments are read only when the history says there are some
        // (an item gets sources when it is combined, attachments when one is attached).
        let has = |action: &str| history.iter().any(|e| e.action == action);
        let (sources, credit) = sources_and_credit(c, &l, has("combine")).await?;
        let shared_with = l.shared.clone();
        let instructions = if trail.iter().any(|t| t.instruction_count > 0) {
            let trail_ids: Vec<i64> = trail.iter().map(|t| t.item_id).collect();
            crate::instructions::on_items(c, &trail_ids).await?
        } else {
            Vec::new()
        };
        let attachments = if has("attach") {
            xinbao_store::files::of_item(c, id).await?
        } else {
            Vec::new()
        };
        let live_claim = l.item.claimed_until.is_some_and(|u| u > self.now().0);
        let claimed_by = l.item.claimed_by.filter(|_| live_claim);
        let wanted: Vec<i64> = [Some(l.item.author_id), l.item.signed_off_by, claimed_by]
            .into_iter()
            .flatten()
            .collect();
        let names = xinbao_store::people::names(c, &wanted).await?;
        let name_of = |id: Option<i64>| {
            id.and_then(|id| names.iter().find(|(p, _)| *p == id))
                .map(|(_, n)| n.clone())
        };
        let author_name = name_of(Some(l.item.author_id)).unwrap_or_default();
        let signed_off_by_name = name_of(l.item.signed_off_by);
        let claimed_by_name = name_of(claimed_by);
        let actions = access::allowed(&actor.principal, &l.item, &l.rules, &l.org)
            .into_iter()
            .map(str::to_string)
            .collect();
        Ok(ItemView {
            unit_name: l.org.name(l.item.unit_id),
            office_name: l.item.office_id.map(|o| l.org.name(o)).unwrap_or_default(),
            revision_count: l.item.revision,
            item: l.item,
            author_name,
            signed_off_by_name,
            claimed_by_name,
            history,
            trail,
            credit,
            sources,
            shared_with,
            actions,
            attachments,
            instructions,
        })
    }

    /// The view of an item just created by `actor`: nothing has happened to it yet, so its
    /// trail, credit and links are known without reading them back.
    pub async fn fresh_view(&self, actor: &Actor, item: ItemRow) -> Result<ItemView> {
        let org = self.org().await?;
        // Written by this instance just now: the reply needs no read.
        let super::batch::Fresh {
            history,
            rules,
            author_name,
        } = match self.batcher().take_fresh(item.id) {
            Some(f) => f,
            None => {
                let mut r = self.store.read().await?;
                let c = &mut r.conn();
                super::batch::Fresh {
                    history: items::events(c, item.id).await?,
                    rules: super::flow::rules(c, item.unit_id).await?,
                    author_name: person_name(c, Some(item.author_id))
                        .await?
                        .unwrap_or_default(),
                }
            }
        };
        let actions = access::allowed(&actor.principal, &item, &rules, &org)
            .into_iter()
            .map(str::to_string)
            .collect();
        Ok(ItemView {
            unit_name: org.name(item.unit_id),
            office_name: item.office_id.map(|o| org.name(o)).unwrap_or_default(),
            signed_off_by_name: item.signed_off_by.map(|_| author_name.clone()),
            claimed_by_name: None,
            trail: vec![TrailStep {
                item_id: item.id,
                office_id: item.office_id,
                office_name: item.office_id.map(|o| org.name(o)).unwrap_or_default(),
                status: item.status,
                at: item.submitted_at,
                periodical: None,
                comment: None,
                instruction_count: 0,
            }],
            credit: vec![Credit {
                unit_id: item.unit_id,
                unit_name: org.name(item.unit_id),
                share: 1.0,
            }],
            sources: Vec::new(),
            shared_with: Vec::new(),
            attachments: Vec::new(),
            instructions: Vec::new(),
            revision_count: item.revision,
            author_name,
            history,
            actions,
            item,
        })
    }

    /// Every saved revision of an item (the submitter can see how editors rewrote it).
    pub async fn item_revisions(&self, actor: &Actor, id: i64) -> Result<Vec<RevisionRow>> {
        self.load_item(actor, id).await?;
        let mut r = self.store.read().await?;
        Ok(items::revisions(&mut r.conn(), id).await?)
    }
}

impl App {
    /// Counts per state: the unfiltered ones are kept for a second (and dropped at once when
    /// this instance changes an item of the office), since an inbox is read far more often than
    /// it changes.
    pub(super) async fn inbox_counts(
        &self,
        c: &mut Conn<'_>,
        office: i64,
        filter: &Filter,
    ) -> Result<Vec<(ItemStatus, i64)>> {
        let unfiltered = filter.is_plain();
        if unfiltered
            && let Ok(cache) = self.counts_cache.lock()
            && let Some((at, counts)) = cache.get(&office)
            && at.elapsed() < std::time::Duration::from_secs(1)
        {
            return Ok(counts.clone());
        }
        let counts = inbox::counts(c, office, filter).await?;
        if unfiltered && let Ok(mut cache) = self.counts_cache.lock() {
            cache.insert(office, (std::time::Instant::now(), counts.clone()));
        }
        Ok(counts)
    }

    /// What forgets offices' cached counts, for the group writer of new items: it is no unit
    /// of work, so it forgets the offices of each group once the group is committed.
    pub(crate) fn counts_forgetter(&self) -> crate::items::batch::ForgetCounts {
        let cache = self.counts_cache.clone();
        std::sync::Arc::new(move |offices: &[i64]| {
            if let Ok(mut cache) = cache.lock() {
                for o in offices {
                    cache.remove(o);
                }
            }
        })
    }

    /// Forgets an office's cached counts after this instance changed one of its items.
    pub(crate) fn forget_counts(&self, office: Option<i64>) {
        if let (Some(o), Ok(mut cache)) = (office, self.counts_cache.lock()) {
            cache.remove(&o);
        }
    }
}
