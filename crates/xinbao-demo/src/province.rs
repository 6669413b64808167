//! The demo province (`xinbao demo`): its units and people.
//! Deterministic: the same seed builds the same province.

mod tree;

use tree::CITIES;
use xinbao_app::secret::hash_password;
use xinbao_app::{App, AppError, Result};
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, SignerLevel, UnitKind};
use xinbao_store::units::{self, UnitFields};
use xinbao_store::{Conn, people};

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴孔汤";
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "建华", "文", "华", "红", "玉兰", "志强", "海燕",
    "晓东", "建国", "春梅", "丹", "鹏", "浩", "宇", "欣", "佳", "颖", "琳", "晨", "婷", "博", "慧",
    "帆", "振华", "立新", "国庆", "小红", "志刚", "文静", "雪梅", "子涵", "思远", "嘉怡",
];

/// A demo account worth printing.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub unit: String,
}

pub(crate) struct Builder<'a> {
    pub(crate) rng: fastrand::Rng,
    pub(crate) now: i64,
    pub(crate) hash: String,
    pub(crate) accounts: Vec<DemoAccount>,
    pub(crate) c: Conn<'a>,
}

impl Builder<'_> {
    fn person_name(&mut self) -> String {
        let surnames: Vec<char> = SURNAMES.chars().collect();
        let s = surnames[self.rng.usize(..surnames.len())];
        format!("{s}{}", GIVEN[self.rng.usize(..GIVEN.len())])
    }

    pub(crate) async fn unit(
        &mut self,
        name: &str,
        kind: UnitKind,
        level: Option<OfficeLevel>,
        branch: Option<OfficeBranch>,
        parent: Option<i64>,
    ) -> Result<i64> {
        let f = UnitFields {
            name: name.to_string(),
            kind,
            office_level: level,
            office_branch: branch,
            parent_id: parent,
            responsible_section: Some(
                if kind == UnitKind::Office {
                    "信息科"
                } else {
                    "办公室"
                }
                .to_string(),
            ),
            report_to_id: None,
            quota_override: None,
        };
        Ok(units::insert(&mut self.c, &f, self.now).await?)
    }

    pub(crate) async fn person(
        &mut self,
        username: &str,
        unit: i64,
        unit_name: &str,
        role: Role,
        level: Option<SignerLevel>,
    ) -> Result<()> {
        let name = self.person_name();
        let phone = format!("13{}", self.rng.u64(100_000_000..999_999_999));
        let p = people::NewPerson {
            username: username.to_string(),
            name: name.clone(),
            phone: Some(phone),
            title: Some(title_of(role, level).to_string()),
            email: None,
            password_hash: self.hash.clone(),
            must_change_password: false,
        };
        let id = people::insert(&mut self.c, &p, self.now).await?;
        people::grant(&mut self.c, id, unit, role, level, self.now).await?;
        self.accounts.push(DemoAccount {
            username: username.to_string(),
            name,
            role,
            unit: unit_name.to_string(),
        });
        Ok(())
    }

    /// Officer, leader in charge and principal leader of a unit (unless `gap` leaves one out).
    async fn staff(&mut self, code: &str, unit: i64, name: &str, gap: Option<Role>) -> Result<()> {
        for (suffix, role) in [
            ("officer", Role::Officer),
            ("leader", Role::UnitLeader),
            ("principal", Role::PrincipalLeader),
        ] {
            if gap != Some(role) {
                self.person(&format!("{code}-{suffix}"), unit, name, role, None)
                    .await?;
            }
        }
        Ok(())
    }

    /// Editors, signers at three levels and a reading leader of an office.
    async fn office_staff(&mut self, code: &str, unit: i64, name: &str) -> Result<()> {
        self.staff(code, unit, name, None).await?;
        self.person(&format!("{code}-editor"), unit, name, Role::Editor, None)
            .await?;
        self.person(&format!("{code}-editor2"), unit, name, Role::Editor, None)
            .await?;
        for (i, l) in SignerLevel::ALL.iter().enumerate() {
            self.person(
                &format!("{code}-signer{}", i + 1),
                unit,
                name,
                Role::Signer,
                Some(*l),
            )
            .await?;
        }
        self.person(&format!("{code}-reader"), unit, name, Role::Reader, None)
            .await
    }
}

fn title_of(role: Role, level: Option<SignerLevel>) -> &'static str {
    match (role, level) {
        (Role::Officer, _) => "信息员",
        (Role::UnitLeader, _) => "副主任",
        (Role::PrincipalLeader, _) => "主任",
        (Role::Editor, _) => "信息科科员",
        (Role::Signer, Some(SignerLevel::Section)) => "信息科科长",
        (Role::Signer, Some(SignerLevel::Deputy)) => "副秘书长",
        (Role::Signer, _) => "秘书长",
        (Role::Reader, _) => "市委副书记",
        (Role::Admin, _) => "系统管理员",
        (Role::SecurityAdmin, _) => "安全管理员",
        (Role::Auditor, _) => "审计管理员",
    }
}

/// Fills an empty database with the demo province; every account gets `password`.
/// Returns the accounts worth printing. Refuses a database that already has units.
pub async fn build_demo(app: &App, password: &str) -> Result<Vec<DemoAccount>> {
    let hash = hash_password(password.to_string()).await?;
    let mut tx = app.begin().await?;
    tx.touched_org();
    if units::count(&mut tx.conn()).await? > 0 {
        return Err(AppError::Conflict(
            xinbao_app::Conflict::DemoNeedsEmptyDatabase,
        ));
    }
    let mut b = Builder {
        rng: fastrand::Rng::with_seed(2026),
        now: app.now().0,
        hash,
        accounts: Vec::new(),
        c: tx.conn(),
    };
    let prov = b.province().await?;
    for (ci, (city, counties)) in CITIES.iter().enumerate() {
        b.city(ci, city, counties, prov).await?;
    }
    let accounts = b.accounts;
    tx.commit().await?;
    Ok(accounts)
}

/// On an existing demo database, gives every account `password` again (so `xinbao demo
/// --password` holds however often the demo is started).
pub async fn refresh_demo_passwords(app: &App, password: &str) -> Result<u64> {
    let hash = hash_password(password.to_string()).await?;
    let mut tx = app.begin().await?;
    tx.touched_org();
    let n = people::set_every_password(&mut tx.conn(), &hash, app.now().0).await?;
    tx.commit().await?;
    Ok(n)
}
