//! The demo province's tree: the provincial offices and departments, then each city with
//! its offices, departments, stationed units and counties.

use super::Builder;
use xinbao_app::Result;
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, UnitKind};
use xinbao_store::units::{self, UnitFields};

pub(super) const CITIES: [(&str, &[&str]); 3] = [
    ("青山市", &["东城区", "西林县", "南溪县", "北岗县"]),
    ("明湖市", &["湖滨区", "柳塘县", "石门县"]),
    ("白沙市", &["沙河区", "云台县", "凤鸣县"]),
];
const DEPARTMENTS: [&str; 5] = [
    "发展和改革委员会",
    "教育局",
    "公安局",
    "应急管理局",
    "农业农村局",
];
const TOWNSHIPS: [&str; 3] = ["城关镇", "河口乡", "新华街道"];

impl Builder<'_> {
    /// The provincial Party and government offices with their staff, and the provincial
    /// departments; returns the provincial office.
    pub(super) async fn province(&mut self) -> Result<i64> {
        let prov_name = "江川省委办公厅";
        let prov = self
            .unit(
                prov_name,
                UnitKind::Office,
                Some(OfficeLevel::Province),
                Some(OfficeBranch::Party),
                None,
            )
            .await?;
        self.person("admin", prov, prov_name, Role::Admin, None)
            .await?;
        self.person("security", prov, prov_name, Role::SecurityAdmin, None)
            .await?;
        self.person("auditor", prov, prov_name, Role::Auditor, None)
            .await?;
        self.office_staff("sheng", prov, prov_name).await?;
        let prov_gov = self
            .unit(
                "江川省人民政府办公厅",
                UnitKind::Office,
                Some(OfficeLevel::Province),
                Some(OfficeBranch::Government),
                Some(prov),
            )
            .await?;
        units::link_peers(&mut self.c, prov, prov_gov).await?;
        self.office_staff("shengzf", prov_gov, "江川省人民政府办公厅")
            .await?;
        for (i, d) in DEPARTMENTS.iter().enumerate() {
            let name = format!("江川省{}", d.replace('局', "厅"));
            let u = self
                .unit(&name, UnitKind::Department, None, None, Some(prov))
                .await?;
            self.staff(&format!("sd{}", i + 1), u, &name, None).await?;
        }
        Ok(prov)
    }

    /// A city's Party and government offices, departments and stationed units, then its counties.
    pub(super) async fn city(
        &mut self,
        ci: usize,
        city: &str,
        counties: &[&str],
        prov: i64,
    ) -> Result<()> {
        let code = format!("c{}", ci + 1);
        let office_name = format!("中共{city}委办公室");
        let office = self
            .unit(
                &office_name,
                UnitKind::Office,
                Some(OfficeLevel::City),
                Some(OfficeBranch::Party),
                Some(prov),
            )
            .await?;
        self.office_staff(&code, office, &office_name).await?;
        self.person(
            &format!("{code}-admin"),
            office,
            &office_name,
            Role::Admin,
            None,
        )
        .await?;
        let gov_name = format!("{city}人民政府办公室");
        let gov = self
            .unit(
                &gov_name,
                UnitKind::Office,
                Some(OfficeLevel::City),
                Some(OfficeBranch::Government),
                Some(office),
            )
            .await?;
        units::link_peers(&mut self.c, office, gov).await?;
        self.staff(&format!("{code}zf"), gov, &gov_name, None)
            .await?;
        for (di, d) in DEPARTMENTS.iter().enumerate() {
            let name = format!("{city}{d}");
            let u = self
                .unit(&name, UnitKind::Department, None, None, Some(office))
                .await?;
            let gap = (di == 4).then_some(Role::Officer);
            self.staff(&format!("{code}d{}", di + 1), u, &name, gap)
                .await?;
        }
        for (si, s) in ["国家统计局{}调查队", "国家税务总局{}税务局"]
            .iter()
            .enumerate()
        {
            let name = s.replace("{}", city);
            let u = self
                .unit(&name, UnitKind::Stationed, None, None, Some(office))
                .await?;
            self.staff(&format!("{code}s{}", si + 1), u, &name, None)
                .await?;
        }
        for (ki, county) in counties.iter().enumerate() {
            self.county(&code, office, ki, city, county).await?;
        }
        Ok(())
    }

    /// A county's Party office, two departments, the townships and a direct report point.
    async fn county(
        &mut self,
        code: &str,
        office: i64,
        ki: usize,
        city: &str,
        county: &str,
    ) -> Result<()> {
        let kcode = format!("{code}x{}", ki + 1);
        let short = county.trim_end_matches(['县', '区']);
        let kname = format!("中共{city}{county}委办公室");
        let k = self
            .unit(
                &kname,
                UnitKind::Office,
                Some(OfficeLevel::County),
                Some(OfficeBranch::Party),
                Some(office),
            )
            .await?;
        self.office_staff(&kcode, k, &kname).await?;
        for (di, d) in DEPARTMENTS.iter().take(2).enumerate() {
            let name = format!("{county}{d}");
            let u = self
                .unit(&name, UnitKind::Department, None, None, Some(k))
                .await?;
            self.staff(&format!("{kcode}d{}", di + 1), u, &name, None)
                .await?;
        }
        for (ti, t) in TOWNSHIPS.iter().enumerate() {
            let name = format!("{short}{t}");
            let u = self
                .unit(&name, UnitKind::Township, None, None, Some(k))
                .await?;
            let gap = (ki == 0 && ti == 2).then_some(Role::UnitLeader);
            self.staff(&format!("{kcode}t{}", ti + 1), u, &name, gap)
                .await?;
        }
        let pname = format!("{short}第一中学");
        let f = UnitFields {
            name: pname.clone(),
            kind: UnitKind::DirectPoint,
            parent_id: Some(k),
            report_to_id: (ki == 0).then_some(office),
            responsible_section: Some("校办".into()),
            office_level: None,
            office_branch: None,
            quota_override: None,
        };
        let p = units::insert(&mut self.c, &f, self.now).await?;
        self.staff(&format!("{kcode}p1"), p, &pname, None).await?;
        Ok(())
    }
}
