//! Reading a roster file: .xlsx (recognised by content) or CSV in UTF-8 or GB18030, into rows.

use xinbao_domain::roster::{Problem, RawRow, RowError, map_headers, rows_from_records};

/// Reads the rows of a roster: .xlsx (recognised by content) or CSV in UTF-8 or GB18030.
pub fn read_rows(bytes: &[u8]) -> std::result::Result<Vec<RawRow>, Vec<RowError>> {
    let records = if bytes.starts_with(b"PK\x03\x04") {
        xlsx_records(bytes)
    } else {
        csv_records(bytes)
    };
    let file_error = |_| {
        vec![RowError {
            line: 1,
            problem: Problem::Empty,
        }]
    };
    let mut records = records.map_err(file_error)?;
    for cell in records.iter_mut().flatten() {
        if !xinbao_domain::text::is_clean(cell) {
            *cell = xinbao_domain::text::cleaned(cell).into_owned();
        }
    }
    if records.is_empty() {
        return Err(vec![RowError {
            line: 1,
            problem: Problem::Empty,
        }]);
    }
    let headers = records.remove(0);
    let columns = map_headers(&headers).map_err(|e| vec![e])?;
    Ok(rows_from_records(&columns, records))
}

fn csv_records(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    rdr.records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| e.to_string())
        })
        .collect()
}

fn xlsx_records(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| e.to_string())?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or("no sheet")?
        .map_err(|e| e.to_string())?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}
