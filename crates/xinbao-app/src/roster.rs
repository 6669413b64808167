//! Roster import (名册导入) from .xlsx or .csv in one transaction, and the template file.
//! A bad file imports nothing and lists each bad row with its line number and reason.

use crate::audit::AuditEntry;
use crate::i18n::{tr, trf};
use crate::org::load_tree;
use crate::people::initial_password;
use crate::secret::hash_password;
use crate::{Actor, App, AppError, Result};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use xinbao_domain::UnitId;
use xinbao_domain::audit::AuditAction;
use xinbao_domain::roster::{
    Column, ExistingOrg, ExistingUnit, Problem, RawRow, RosterPlan, RowError, UnitRef, map_headers,
    plan_import, rows_from_records,
};
use xinbao_domain::unit::UnitKind;
use xinbao_store::units::{self, UnitFields};
use xinbao_store::{Conn, people};

/// What an import created. Initial passwords are shown once, then only their hashes remain.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub units_created: usize,
    pub people_created: usize,
    pub roles_granted: usize,
    pub initial_passwords: Vec<InitialPassword>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InitialPassword {
    pub username: String,
    pub name: String,
    pub password: String,
}

/// Most rows one roster file may hold (each new person's password is hashed, ~20 ms each).
pub const MAX_ROWS: usize = 10_000;

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

/// A row error in the user's language: "第 3 行：上级单位“某县”不存在".
pub fn describe(locale: &str, e: &RowError) -> String {
    let reason = match &e.problem {
        Problem::Required { column } => trf(
            locale,
            "roster.problem.required",
            &[("column", column.header_zh())],
        ),
        Problem::MissingHeader { header } => trf(
            locale,
            "roster.problem.missing_header",
            &[("value", header)],
        ),
        Problem::BadKind { value }
        | Problem::BadOfficeLevel { value }
        | Problem::BadRole { value }
        | Problem::BadUsername { value }
        | Problem::BadPhone { value }
        | Problem::ParentNotFound { value }
        | Problem::ParentAmbiguous { value }
        | Problem::RoleNeedsOffice { role: value }
        | Problem::NameConflict { username: value }
        | Problem::UsernameTaken { username: value } => trf(
            locale,
            &format!("roster.problem.{}", problem_code(&e.problem)),
            &[("value", value)],
        ),
        other => tr(locale, &format!("roster.problem.{}", problem_code(other))),
    };
    trf(
        locale,
        "roster.row",
        &[("line", &e.line.to_string()), ("reason", &reason)],
    )
}

fn problem_code(p: &Problem) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
        .unwrap_or_default()
}

impl App {
    /// Imports a roster in one transaction; every new unit must lie where the actor administers.
    pub async fn import_roster(&self, actor: &Actor, bytes: &[u8]) -> Result<ImportReport> {
        if !actor.is_admin() {
            return Err(AppError::Forbidden);
        }
        let (bytes, limits) = (bytes.to_vec(), self.cfg.unzip);
        let rows = self
            .heavy(move || {
                if bytes.starts_with(b"PK\x03\x04") {
                    crate::check_package(&bytes, &limits)?;
                }
                read_rows(&bytes).map_err(AppError::Roster)
            })
            .await??;
        if rows.len() > MAX_ROWS {
            return Err(AppError::invalid("file", "too_many_rows"));
        }
        let (plan, passwords) = {
            let mut r = self.store.read().await?;
            let plan = self.plan(&mut r.conn(), actor, &rows).await?;
            let mut passwords = Vec::new();
            for _ in &plan.new_people {
                let pw = initial_password();
                passwords.push((pw.clone(), hash_password(pw).await?));
            }
            (plan, passwords)
        };
        let now = self.now().0;
        let mut tx = self.begin().await?;
        let report = apply(&mut tx.conn(), &plan, &passwords, now)
            .await
            .map_err(|e| match e {
                AppError::Store(xinbao_store::StoreError::Duplicate(_)) => {
                    AppError::Conflict(crate::Conflict::RosterChangedMeanwhile)
                }
                other => other,
            })?;
        tx.audit(AuditEntry::by(actor, AuditAction::RosterImported)
            .detail(json!({ "units": report.units_created, "people": report.people_created, "roles": report.roles_granted })));
        tx.touched_sessions();
        tx.touched_org();
        tx.commit().await?;
        Ok(report)
    }

    async fn plan(&self, c: &mut Conn<'_>, actor: &Actor, rows: &[RawRow]) -> Result<RosterPlan> {
        let (unit_rows, tree) = load_tree(c).await?;
        let existing = ExistingOrg {
            units: unit_rows
                .iter()
                .filter(|u| u.active)
                .map(|u| ExistingUnit {
                    id: UnitId(u.id),
                    name: u.name.clone(),
                    parent_id: u.parent_id.map(UnitId),
                    kind: u.kind,
                })
                .collect(),
            people: people::all_usernames(c)
                .await?
                .into_iter()
                .collect::<HashMap<_, _>>(),
        };
        let plan = plan_import(rows, &existing).map_err(AppError::Roster)?;
        let may = |r: &Option<UnitRef>| match r {
            _ if actor.system => true,
            Some(UnitRef::Existing(id)) => actor.principal.may_administer(&tree, *id),
            Some(UnitRef::New(_)) => true,
            None => actor.principal.may_administer_top(&tree),
        };
        let mut errors: Vec<RowError> = plan
            .new_units
            .iter()
            .filter(|u| !may(&u.parent))
            .map(|u| RowError {
                line: u.line,
                problem: Problem::OutsideScope,
            })
            .collect();
        errors.extend(
            plan.grants
                .iter()
                .filter(|g| !may(&Some(g.unit)))
                .map(|g| RowError {
                    line: g.line,
                    problem: Problem::OutsideScope,
                }),
        );
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(AppError::Roster(errors))
        }
    }
}

async fn apply(
    c: &mut Conn<'_>,
    plan: &RosterPlan,
    passwords: &[(String, String)],
    now: i64,
) -> Result<ImportReport> {
    let mut ids: Vec<i64> = Vec::with_capacity(plan.new_units.len());
    let resolve = |r: UnitRef, ids: &[i64]| match r {
        UnitRef::Existing(id) => id.0,
        UnitRef::New(i) => ids[i],
    };
    for u in &plan.new_units {
        let f = UnitFields {
            name: u.name.clone(),
            kind: u.kind,
            office_level: u.office_level,
            office_branch: None,
            parent_id: u.parent.map(|p| resolve(p, &ids)),
            report_to_id: None,
            quota_override: None,
            responsible_section: u.section.clone(),
        };
        ids.push(units::insert(c, &f, now).await?);
    }
    let mut person_ids: HashMap<String, i64> = HashMap::new();
    let mut report = ImportReport {
        units_created: ids.len(),
        ..Default::default()
    };
    for (p, (plain, hash)) in plan.new_people.iter().zip(passwords) {
        let new = people::NewPerson {
            username: p.username.clone(),
            name: p.name.clone(),
            phone: p.phone.clone(),
            title: p.title.clone(),
            email: None,
            password_hash: hash.clone(),
            must_change_password: true,
        };
        person_ids.insert(p.username.clone(), people::insert(c, &new, now).await?);
        report.initial_passwords.push(InitialPassword {
            username: p.username.clone(),
            name: p.name.clone(),
            password: plain.clone(),
        });
    }
    report.people_created = person_ids.len();
    for g in &plan.grants {
        let pid = match person_ids.get(&g.username) {
            Some(id) => *id,
            None => people::by_username(c, &g.username)
                .await?
                .map(|p| p.id)
                .ok_or(AppError::NotFound)?,
        };
        let unit = resolve(g.unit, &ids);
        let held = people::grants_of(c, pid)
            .await?
            .iter()
            .any(|x| x.unit_id == unit && x.role == g.role);
        if !held {
            people::grant(c, pid, unit, g.role, g.signer_level, now).await?;
            report.roles_granted += 1;
        }
    }
    Ok(report)
}

fn example_rows() -> Vec<[&'static str; 10]> {
    vec![
        [
            "某某县委办公室",
            "某某市委办公室",
            "办公室",
            "县级",
            "信息科",
            "王强",
            "wangqiang",
            "编辑、审签领导(科长)",
            "13800138001",
            "信息科科长",
        ],
        [
            "城关镇",
            "某某县委办公室",
            "乡镇(街道)",
            "",
            "党政办",
            "李娜",
            "lina",
            "信息员",
            "13800138002",
            "党政办干事",
        ],
        [
            "城关镇",
            "某某县委办公室",
            "乡镇(街道)",
            "",
            "党政办",
            "赵敏",
            "zhaomin",
            "分管领导",
            "13800138003",
            "副镇长",
        ],
    ]
}

/// The roster template as .xlsx: headers, examples and a sheet explaining the values.
pub fn template_xlsx() -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name("名册").map_err(err)?;
    for (i, c) in Column::ALL.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_string_with_format(0, col, c.header_zh(), &bold)
            .map_err(err)?;
        let width = example_rows()
            .iter()
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(4)
            .max(c.header_zh().chars().count());
        sheet
            .set_column_width(col, 2.1 * width as f64 + 2.0)
            .map_err(err)?;
    }
    for (r, row) in example_rows().iter().enumerate() {
        for (i, v) in row.iter().enumerate() {
            sheet
                .write_string(
                    u32::try_from(r + 1).unwrap_or(1),
                    u16::try_from(i).unwrap_or(0),
                    *v,
                )
                .map_err(err)?;
        }
    }
    let help = wb.add_worksheet().set_name("填写说明").map_err(err)?;
    help.set_column_width(0, 24.0).map_err(err)?;
    help.set_column_width(1, 90.0).map_err(err)?;
    let kinds: Vec<&str> = UnitKind::ALL.iter().map(|k| k.label_zh()).collect();
    let lines = [
        ("单位类别", kinds.join("、")),
        ("办公室级别", "省级、市级、县级（仅办公室填写）".to_string()),
        ("角色", "信息员、分管领导、主要领导、编辑、审签领导(科长/副秘书长/秘书长)、阅读领导、管理员；多个角色用顿号分隔".to_string()),
        ("上级单位", "填写上级单位全称，可以是系统中已有的单位或本表中的单位".to_string()),
        ("用户名", "3–32 位小写字母、数字或 . _ -，以字母开头；导入后生成初始密码，首次登录须修改".to_string()),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        let row = u32::try_from(r).unwrap_or(0);
        help.write_string_with_format(row, 0, *k, &bold)
            .map_err(err)?;
        help.write_string(row, 1, v).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// The roster template as CSV (UTF-8 with BOM so Excel and WPS open it correctly).
pub fn template_csv() -> Result<Vec<u8>> {
    let mut out = crate::export::CsvExport::new();
    let head: Vec<&str> = Column::ALL.iter().map(|c| c.header_zh()).collect();
    out.row(&head)?;
    for row in example_rows() {
        out.row(&row)?;
    }
    out.finish()
}
