//! Synthetic organisations of any size (`xinbao gen`, the benchmarks). Deterministic: the
//! same size builds the same organisation.

use crate::province::Builder;
use xinbao_app::secret::hash_password;
use xinbao_app::{App, Result};
use xinbao_domain::{OfficeBranch, OfficeLevel, Role, SignerLevel, UnitKind};

/// A synthetic organisation of about `units` units (one province office, cities,
/// counties, departments and townships), each with an information officer, for
/// benchmarks. Returns the number of units and people created.
pub async fn build_synthetic(
    app: &App,
    units_wanted: usize,
    password: &str,
) -> Result<(usize, usize)> {
    let hash = hash_password(password.to_string()).await?;
    let mut tx = app.begin().await?;
    tx.touched_org();
    let now = app.now().0;
    let mut b = Builder {
        rng: fastrand::Rng::with_seed(7),
        now,
        hash,
        accounts: Vec::new(),
        c: tx.conn(),
    };
    let root = b
        .unit(
            "合成省委办公厅",
            UnitKind::Office,
            Some(OfficeLevel::Province),
            Some(OfficeBranch::Party),
            None,
        )
        .await?;
    b.person("synthetic-admin", root, "合成省委办公厅", Role::Admin, None)
        .await?;
    let mut made = 1usize;
    let mut people_made = 1usize;
    let mut city = 0usize;
    while made < units_wanted {
        city += 1;
        let c = b
            .unit(
                &format!("合成第{city}市委办公室"),
                UnitKind::Office,
                Some(OfficeLevel::City),
                Some(OfficeBranch::Party),
                Some(root),
            )
            .await?;
        made += 1;
        for k in 1..=10 {
            if made >= units_wanted {
                break;
            }
            let x = b
                .unit(
                    &format!("合成第{city}市第{k}县委办公室"),
                    UnitKind::Office,
                    Some(OfficeLevel::County),
                    Some(OfficeBranch::Party),
                    Some(c),
                )
                .await?;
            made += 1;
            let xname = format!("合成第{city}市第{k}县委办公室");
            b.person(&format!("e{city}-{k}"), x, &xname, Role::Editor, None)
                .await?;
            b.person(
                &format!("g{city}-{k}"),
                x,
                &xname,
                Role::Signer,
                Some(SignerLevel::Chief),
            )
            .await?;
            people_made += 2;
            for t in 1..=40 {
                if made >= units_wanted {
                    break;
                }
                let kind = if t <= 15 {
                    UnitKind::Department
                } else {
                    UnitKind::Township
                };
                let u = b
                    .unit(
                        &format!("合成{city}-{k}-{t}单位"),
                        kind,
                        None,
                        None,
                        Some(x),
                    )
                    .await?;
                b.person(&format!("s{city}-{k}-{t}"), u, "", Role::Officer, None)
                    .await?;
                made += 1;
                people_made += 1;
            }
        }
    }
    tx.commit().await?;
    Ok((made, people_made))
}
