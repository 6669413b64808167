//! Roster import (名册导入): the rows of an .xlsx or .csv roster, checked as a whole and turned
//! into a plan of units, people and role grants to create. A bad file yields every bad row
//! with its line number and a reason code, and no plan: it imports nothing.

mod plan;

pub use plan::{
    ExistingOrg, ExistingUnit, NewGrant, NewPerson, NewUnit, RosterPlan, UnitRef, plan_import,
};

use serde::Serialize;

/// Roster columns, with the Chinese headers offices use (and accepted aliases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Unit,
    Parent,
    Kind,
    OfficeLevel,
    Section,
    Name,
    Username,
    Roles,
    Phone,
    Title,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::Unit,
        Column::Parent,
        Column::Kind,
        Column::OfficeLevel,
        Column::Section,
        Column::Name,
        Column::Username,
        Column::Roles,
        Column::Phone,
        Column::Title,
    ];

    /// The header written in the template.
    pub fn header_zh(self) -> &'static str {
        match self {
            Column::Unit => "单位名称",
            Column::Parent => "上级单位",
            Column::Kind => "单位类别",
            Column::OfficeLevel => "办公室级别",
            Column::Section => "责任科室",
            Column::Name => "姓名",
            Column::Username => "用户名",
            Column::Roles => "角色",
            Column::Phone => "手机",
            Column::Title => "职务",
        }
    }

    pub fn from_header(h: &str) -> Option<Column> {
        let h = h.trim().trim_start_matches('\u{feff}').trim();
        Self::ALL
            .into_iter()
            .find(|c| c.header_zh() == h)
            .or(match h {
                "单位" | "unit" => Some(Column::Unit),
                "上级" | "上级单位名称" | "parent" => Some(Column::Parent),
                "类别" | "单位类型" | "kind" => Some(Column::Kind),
                "级别" | "office_level" => Some(Column::OfficeLevel),
                "科室" | "责任处室" | "section" => Some(Column::Section),
                "name" => Some(Column::Name),
                "账号" | "登录名" | "username" => Some(Column::Username),
                "角色" | "roles" | "role" => Some(Column::Roles),
                "手机号码" | "联系电话" | "电话" | "phone" => Some(Column::Phone),
                "title" => Some(Column::Title),
                _ => None,
            })
    }
}

/// Why a row (or the file) cannot be imported. The code is stable; the UI words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    MissingHeader {
        header: String,
    },
    Empty,
    Required {
        column: Column,
    },
    BadKind {
        value: String,
    },
    BadOfficeLevel {
        value: String,
    },
    BadRole {
        value: String,
    },
    BadUsername {
        value: String,
    },
    BadName,
    BadPhone {
        value: String,
    },
    BadUnitName,
    ParentNotFound {
        value: String,
    },
    ParentAmbiguous {
        value: String,
    },
    Cycle,
    KindConflict,
    NameConflict {
        username: String,
    },
    RoleNeedsOffice {
        role: String,
    },
    SignerNeedsLevel,
    UsernameTaken {
        username: String,
    },
    /// The administrator does not manage the unit this row places or changes.
    OutsideScope,
}

/// One bad row: `line` is the 1-based line in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub line: usize,
    pub problem: Problem,
}

/// One data row as read from the file, cells by column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<(Column, String)>,
}

impl RawRow {
    pub fn get(&self, c: Column) -> &str {
        self.cells
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|(_, v)| v.trim().is_empty())
    }
}

/// Maps a header row to columns; the unit column is required, unknown headers are ignored.
pub fn map_headers(headers: &[String]) -> Result<Vec<Option<Column>>, RowError> {
    let cols: Vec<Option<Column>> = headers.iter().map(|h| Column::from_header(h)).collect();
    if !cols.contains(&Some(Column::Unit)) {
        return Err(RowError {
            line: 1,
            problem: Problem::MissingHeader {
                header: Column::Unit.header_zh().to_string(),
            },
        });
    }
    Ok(cols)
}

/// Builds rows from raw records (line numbers counted from the header at line 1).
pub fn rows_from_records(columns: &[Option<Column>], records: Vec<Vec<String>>) -> Vec<RawRow> {
    records
        .into_iter()
        .enumerate()
        .map(|(i, rec)| RawRow {
            line: i + 2,
            cells: columns
                .iter()
                .zip(rec)
                .filter_map(|(c, v)| c.map(|c| (c, v)))
                .collect(),
        })
        .filter(|r| !r.is_blank())
        .collect()
}
