//! Bulletins (通报): each unit's items sent to the office and adopted, adoption rate, points
//! and rank in a period, and the items adopted or instructed with where — as .docx and .xlsx.

use super::scores::Chain;
use crate::i18n::tr;
use crate::issue_document::chinese_date;
use crate::{Actor, App, AppError, Result};
use std::collections::BTreeMap;
use xinbao_domain::scoring::{FactKind, Level};
use xinbao_office::{BulletinDoc, BulletinItem, BulletinRow};

fn level_name(l: Level) -> &'static str {
    match l {
        Level::County => "县",
        Level::City => "市",
        Level::Province => "省",
        Level::Centre => "中央",
    }
}

/// Where an item was adopted or instructed: "市《信息专报》采用；省领导批示".
fn marks(ch: &Chain) -> String {
    let mut out: Vec<String> = Vec::new();
    for f in &ch.facts {
        let m = match &f.kind {
            FactKind::Adopted { level, periodical } => format!(
                "{}{}采用",
                level_name(*level),
                periodical
                    .as_ref()
                    .map(|p| format!("《{p}》"))
                    .unwrap_or_default()
            ),
            FactKind::Instructed { level } => format!("{}领导批示", level_name(*level)),
            _ => continue,
        };
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out.join("；")
}

/// Lays a document out as heavy work (off the async executor, a bounded number at once).
pub(crate) async fn render<T: Send + 'static>(
    app: &App,
    doc: T,
    make: fn(&T) -> std::result::Result<Vec<u8>, xinbao_office::OfficeError>,
) -> Result<Vec<u8>> {
    app.heavy(move || make(&doc))
        .await?
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// A document format's MIME type, and whether it is the workbook.
pub(crate) fn file_kind(format: &str) -> Result<(&'static str, bool)> {
    match format {
        "xlsx" => Ok((
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            true,
        )),
        "docx" => Ok((
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            false,
        )),
        _ => Err(AppError::invalid("format", "unknown")),
    }
}

/// Each row's rank among the units of its kind (rows in overall order; equal points share a
/// rank).
fn rank_within_kinds(rows: &mut [BulletinRow]) {
    let mut seen: BTreeMap<String, (usize, f64, usize)> = BTreeMap::new();
    for r in rows.iter_mut() {
        let e = seen.entry(r.kind.clone()).or_insert((0, f64::NAN, 0));
        e.0 += 1;
        if r.points != e.1 {
            e.2 = e.0;
            e.1 = r.points;
        }
        r.kind_rank = e.2;
    }
}

impl App {
    /// The bulletin of an office for `[from, to)` (its editors, signers, leaders, admins).
    pub async fn bulletin(
        &self,
        actor: &Actor,
        office: Option<i64>,
        from: i64,
        to: i64,
    ) -> Result<BulletinDoc> {
        let office = self.report_office(actor, office).await?;
        let scores = self.scores(actor, Some(office), from, to, None).await?;
        let chains = {
            let mut r = self.store.read().await?;
            self.office_chains(&mut r.conn(), office, from, to).await?
        };
        let org = self.org().await?;
        let mut counts: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
        for ch in &chains {
            let adopted = ch.root.status.adopted_as_is();
            for u in &ch.units {
                let c = counts.entry(*u).or_default();
                c.0 += 1;
                c.1 += i64::from(adopted);
            }
        }
        for s in &scores {
            counts.entry(s.unit_id).or_default();
        }
        let last = scores.len() + 1;
        let mut rows: Vec<BulletinRow> = counts
            .into_iter()
            .map(|(u, (sent, adopted))| {
                let s = scores.iter().find(|s| s.unit_id == u);
                let kind = org.rows.get(&u).map(|r| r.kind.code()).unwrap_or_default();
                BulletinRow {
                    rank: s.map_or(last, |s| s.rank),
                    kind_rank: 0,
                    unit: org.name(u),
                    kind: tr("zh-CN", &format!("kind.{kind}")),
                    sent,
                    adopted,
                    points: s.map_or(0.0, |s| s.points),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.unit.cmp(&b.unit)));
        rank_within_kinds(&mut rows);
        let items = chains
            .iter()
            .map(|ch| (ch, marks(ch)))
            .filter(|(_, m)| !m.is_empty())
            .map(|(ch, m)| BulletinItem {
                unit: ch
                    .units
                    .iter()
                    .map(|u| org.name(*u))
                    .collect::<Vec<_>>()
                    .join("、"),
                title: ch.root.title.clone(),
                marks: m,
            })
            .collect();
        let office_name = org.name(office);
        Ok(BulletinDoc {
            title: format!("{office_name}党政信息工作通报"),
            period: format!("{}至{}", chinese_date(from), chinese_date(to - 1)),
            office: office_name,
            date: chinese_date(self.now().0),
            rows,
            items,
        })
    }

    /// The bulletin as a file: (name, MIME type, bytes); `format` is `xlsx` or `docx`.
    pub async fn bulletin_file(
        &self,
        actor: &Actor,
        office: Option<i64>,
        from: i64,
        to: i64,
        format: &str,
    ) -> Result<(String, &'static str, Vec<u8>)> {
        let (mime, xlsx) = file_kind(format)?;
        let doc = self.bulletin(actor, office, from, to).await?;
        let name = format!("{}（{}）.{format}", doc.title, doc.period);
        let make = if xlsx {
            xinbao_office::bulletin_xlsx
        } else {
            xinbao_office::bulletin_docx
        };
        Ok((name, mime, render(self, doc, make).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_ranked_within_their_kind_too() {
        let row = |unit: &str, kind: &str, points: f64| BulletinRow {
            unit: unit.into(),
            kind: kind.into(),
            points,
            ..Default::default()
        };
        let mut rows = vec![
            row("甲镇", "乡镇", 30.0),
            row("乙局", "部门", 20.0),
            row("丙镇", "乡镇", 20.0),
            row("丁镇", "乡镇", 20.0),
            row("戊局", "部门", 5.0),
        ];
        rank_within_kinds(&mut rows);
        let ranks: Vec<usize> = rows.iter().map(|r| r.kind_rank).collect();
        assert_eq!(ranks, [1, 1, 2, 2, 2]);
    }
}
