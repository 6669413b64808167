//! Who receives on which external channel: each person chooses for themselves (over the
//! administrator's defaults); administrators set a unit's WeCom and DingTalk group robots and
//! read the delivery log.

use crate::secrets::ROBOT_SECRET;
use crate::{Actor, App, AppError, AuditEntry, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use xinbao_domain::UnitId;
use xinbao_domain::audit::AuditAction;
use xinbao_store::outbox::{self, AttemptRow, DeliveryRow, RobotRow};

/// The channels a person can choose, and the robots a unit can have.
pub const PERSON_CHANNELS: [&str; 2] = ["email", "sms"];
pub const ROBOT_CHANNELS: [&str; 2] = ["wecom", "dingtalk"];

/// Does a robot of this channel sign its calls with a secret (DingTalk's 加签)?
pub fn robot_signs(channel: &str) -> bool {
    channel == "dingtalk"
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChannelChoice {
    pub channel: String,
    pub enabled: bool,
    /// Where it would go (the person's email or phone), if they have one.
    pub address: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RobotInput {
    /// `wecom` or `dingtalk`.
    pub channel: String,
    /// The robot's webhook address; empty removes nothing but disables sending to it.
    pub url: String,
    /// DingTalk's signing secret (`SEC…`), if the robot is set to signed mode.
    #[serde(default)]
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    #[serde(flatten)]
    #[schema(inline)]
    pub delivery: DeliveryRow,
    pub attempts: Vec<AttemptRow>,
}

impl App {
    pub async fn my_channels(&self, actor: &Actor) -> Result<Vec<ChannelChoice>> {
        let id = actor.principal.person_id.0;
        let mut r = self.store.read().await?;
        let on = self.channels_of(&mut r.conn(), id).await?;
        let p = xinbao_store::people::get(&mut r.conn(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(PERSON_CHANNELS
            .iter()
            .map(|c| ChannelChoice {
                channel: (*c).into(),
                enabled: on.iter().any(|x| x == c),
                address: if *c == "email" {
                    p.email.clone()
                } else {
                    p.phone.clone()
                },
            })
            .collect())
    }

    pub async fn set_my_channel(&self, actor: &Actor, channel: &str, enabled: bool) -> Result<()> {
        if !PERSON_CHANNELS.contains(&channel) {
            return Err(AppError::invalid("channel", "unknown"));
        }
        let id = actor.principal.person_id.0;
        let mut tx = self.begin().await?;
        outbox::set_person_channel(&mut tx.conn(), id, channel, enabled).await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::ChannelsChanged)
                .target("person", id)
                .detail(json!({ "channel": channel, "enabled": enabled })),
        );
        tx.commit().await?;
        Ok(())
    }

    async fn check_unit_admin(&self, actor: &Actor, unit: i64) -> Result<()> {
        let org = self.org().await?;
        if !org.rows.contains_key(&unit) {
            return Err(AppError::NotFound);
        }
        if actor.system || actor.principal.may_administer(&org.tree, UnitId(unit)) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub async fn unit_robots(&self, actor: &Actor, unit: i64) -> Result<Vec<RobotRow>> {
        self.check_unit_admin(actor, unit).await?;
        let mut r = self.store.read().await?;
        let rows = outbox::robots_of(&mut r.conn(), unit).await?;
        rows.into_iter()
            .map(|row| {
                let secret = self.cfg.secrets_key.open(ROBOT_SECRET, &row.secret)?;
                Ok(RobotRow { secret, ..row })
            })
            .collect()
    }

    pub async fn set_unit_robot(&self, actor: &Actor, unit: i64, input: &RobotInput) -> Result<()> {
        self.check_unit_admin(actor, unit).await?;
        let channel = input.channel.trim();
        if !ROBOT_CHANNELS.contains(&channel) {
            return Err(AppError::invalid("channel", "unknown"));
        }
        let url = input.url.trim();
        let web = url.starts_with("https://") || url.starts_with("http://");
        if url.chars().count() > 500 || !(url.is_empty() || web) {
            return Err(AppError::invalid("url", "format"));
        }
        let mut tx = self.begin().await?;
        let row = RobotRow {
            unit_id: unit,
            channel: channel.into(),
            url: url.into(),
            // Stored SM4-encrypted; the key is outside the database.
            secret: self
                .cfg
                .secrets_key
                .seal(ROBOT_SECRET, input.secret.trim())?,
        };
        outbox::set_robot(&mut tx.conn(), &row).await?;
        tx.audit(
            AuditEntry::by(actor, AuditAction::ChannelsChanged)
                .target("unit", unit)
                .detail(json!({ "robot": channel })),
        );
        tx.commit().await?;
        Ok(())
    }

    /// The latest deliveries with every attempt: the installation's outbox, with every
    /// address in it, so the top office's administrators only.
    pub async fn deliveries(&self, actor: &Actor, limit: i64) -> Result<Vec<DeliveryView>> {
        let tree = &self.org().await?.tree;
        if !(actor.system || actor.principal.may_administer_top(tree)) {
            return Err(AppError::Forbidden);
        }
        let mut r = self.store.read().await?;
        let rows = outbox::recent(&mut r.conn(), limit.clamp(1, 500)).await?;
        let mut out = Vec::with_capacity(rows.len());
        for d in rows {
            let attempts = outbox::attempts_of(&mut r.conn(), d.id).await?;
            out.push(DeliveryView {
                delivery: d,
                attempts,
            });
        }
        Ok(out)
    }
}
