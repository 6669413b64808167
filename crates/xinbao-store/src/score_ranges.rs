//! Every item a full recompute of scores reads, in id ranges, each range handed over by the
//! database in one piece: a JSON value built by SQLite, a `COPY` out of PostgreSQL. Decoding
//! a million rows one by one cost fifteen times the scan itself (6.3 s against 0.4 s on
//! SQLite).

use crate::score_entries::ScoreItem;
use crate::{Conn, StoreError, with_conn};

/// Ids per range.
pub const RANGE: i64 = 50_000;

/// The item columns scoring reads, in the order the ranges select them (the item below a
/// copy, `source_item_id`, is left out: a recompute walks chains upward).
const COLUMNS: &str = "id, unit_id, office_id, status, item_type, submitted_at, decided_at, \
     forwarded_item_id, combined_into_id, CASE WHEN direct_report THEN 1 ELSE 0 END, \
     periodical, instruction_count";

/// One range's rows as the database hands them over in one piece.
#[derive(Debug)]
pub enum Packed {
    /// One JSON array of arrays (SQLite).
    Json(String),
    /// `COPY … TO STDOUT` in CSV, one line a row (PostgreSQL).
    Csv(Vec<u8>),
}

/// Every item submitted since `from` and every item combined into another, read on `c`
/// range by range: what a rebuild of every office's entries reads inside its transaction.
pub async fn items_since(c: &mut Conn<'_>, from: i64) -> Result<Vec<ScoreItem>, StoreError> {
    let mut out = Vec::new();
    for (lo, hi) in ranges(max_item_id(c).await?) {
        if let Some(p) = packed_items(c, lo, hi, from).await? {
            // Parsing 50,000 rows is CPU work: off the async executor.
            let rows = tokio::task::spawn_blocking(move || p.into_items())
                .await
                .map_err(|e| StoreError::Other(e.to_string()))??;
            out.extend(rows);
        }
    }
    Ok(out)
}

/// The largest item id (0 when there are none).
pub async fn max_item_id(c: &mut Conn<'_>) -> Result<i64, StoreError> {
    let max: Option<i64> = with_conn!(c, |x| sqlx::query_scalar("SELECT MAX(id) FROM items")
        .fetch_one(x)
        .await)?;
    Ok(max.unwrap_or(0))
}

/// The id ranges up to `max`: `(lo, hi]`.
pub fn ranges(max: i64) -> Vec<(i64, i64)> {
    (0..max.div_euclid(RANGE) + 1)
        .map(|k| (k * RANGE, (k + 1) * RANGE))
        .collect()
}

/// The rows of items with ids in `(lo, hi]` submitted since `from` or combined, in one value;
/// none when there are none.
pub async fn packed_items(
    c: &mut Conn<'_>,
    lo: i64,
    hi: i64,
    from: i64,
) -> Result<Option<Packed>, StoreError> {
    crate::dialect::packed::range(
        c,
        COLUMNS,
        "items",
        "submitted_at >= $3 OR combined_into_id IS NOT NULL",
        (lo, hi),
        from,
    )
    .await
}

/// A row as packed, in [`COLUMNS`] order.
type Row = (
    i64,
    i64,
    Option<i64>,
    xinbao_domain::item::ItemStatus,
    xinbao_domain::item::ItemType,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    Option<String>,
    i64,
);

impl Packed {
    /// The rows, unpacked (CPU work: off the async executor for large ranges).
    pub fn into_items(self) -> Result<Vec<ScoreItem>, StoreError> {
        let bad = |e: &dyn std::fmt::Display| StoreError::Other(format!("packed rows: {e}"));
        let rows: Vec<Row> = match self {
            Packed::Json(text) => serde_json::from_str(&text).map_err(|e| bad(&e))?,
            Packed::Csv(bytes) => csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice())
                .deserialize()
                .collect::<Result<_, _>>()
                .map_err(|e| bad(&e))?,
        };
        Ok(rows.into_iter().map(item).collect())
    }
}

fn item(r: Row) -> ScoreItem {
    ScoreItem {
        id: r.0,
        unit_id: r.1,
        office_id: r.2,
        status: r.3,
        item_type: r.4,
        submitted_at: r.5,
        decided_at: r.6,
        periodical: r.10,
        source_item_id: None,
        forwarded_item_id: r.7,
        combined_into_id: r.8,
        direct_report: r.9 != 0,
        instruction_count: r.11,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_json_rows_unpack_with_nulls_flags_and_names_with_commas() {
        let packed = r#"[[7,3,null,"submitted","dynamic",100,null,null,null,0,null,0],
            [8,4,2,"adopted","problem",100,200,9,null,1,"政务要情,增刊",2]]"#;
        let rows = Packed::Json(packed.into()).into_items().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].office_id, rows[0].decided_at, rows[0].direct_report),
            (None, None, false)
        );
        assert_eq!(rows[0].periodical, None);
        assert_eq!(
            (rows[1].forwarded_item_id, rows[1].direct_report),
            (Some(9), true)
        );
        assert_eq!(rows[1].periodical.as_deref(), Some("政务要情,增刊"));
        assert_eq!(rows[1].instruction_count, 2);
        assert!(Packed::Json("[[1,2]]".into()).into_items().is_err());
    }

    #[test]
    fn csv_rows_as_postgresql_copies_them_unpack_with_nulls_and_quoted_names() {
        let csv = "7,3,,submitted,dynamic,100,,,,0,,0\n\
                   8,4,2,adopted,problem,100,200,9,,1,\"《政务\"\"要情\"\"》,增刊\n（二）\",2\n";
        let rows = Packed::Csv(csv.as_bytes().to_vec()).into_items().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].office_id, rows[0].decided_at), (None, None));
        assert_eq!(
            (rows[0].periodical.as_deref(), rows[0].direct_report),
            (None, false)
        );
        assert_eq!(
            (rows[1].forwarded_item_id, rows[1].direct_report),
            (Some(9), true)
        );
        assert_eq!(
            rows[1].periodical.as_deref(),
            Some("《政务\"要情\"》,增刊\n（二）")
        );
        assert!(Packed::Csv(b"1,2\n".to_vec()).into_items().is_err());
        assert!(
            Packed::Csv(b"x,2,,a,b,,,,,0,,0\n".to_vec())
                .into_items()
                .is_err()
        );
    }
}
