//! Roles a person holds in a unit (DOMAIN.md §2).

use crate::ids::{PersonId, UnitId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 信息员
    Officer,
    /// 分管领导
    UnitLeader,
    /// 主要领导
    PrincipalLeader,
    /// 信息科编辑 (office only)
    Editor,
    /// 审签领导, with a level (office only)
    Signer,
    /// 阅读领导
    Reader,
    /// 系统管理员: units, people and settings of the unit and everything below it
    Admin,
    /// 安全管理员: roles and grants, security policy, unlocking (三员分立)
    SecurityAdmin,
    /// 审计管理员: reads and exports the audit trail (三员分立)
    Auditor,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Officer,
        Role::UnitLeader,
        Role::PrincipalLeader,
        Role::Editor,
        Role::Signer,
        Role::Reader,
        Role::Admin,
        Role::SecurityAdmin,
        Role::Auditor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::UnitLeader => "unit_leader",
            Role::PrincipalLeader => "principal_leader",
            Role::Editor => "editor",
            Role::Signer => "signer",
            Role::Reader => "reader",
            Role::Admin => "admin",
            Role::SecurityAdmin => "security_admin",
            Role::Auditor => "auditor",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Officer => "信息员",
            Role::UnitLeader => "分管领导",
            Role::PrincipalLeader => "主要领导",
            Role::Editor => "编辑",
            Role::Signer => "审签领导",
            Role::Reader => "阅读领导",
            Role::Admin => "系统管理员",
            Role::SecurityAdmin => "安全管理员",
            Role::Auditor => "审计管理员",
        }
    }

    /// Reads a role as offices write it in a roster: Chinese label or code; a signer's level
    /// may follow in brackets, e.g. `审签领导(副秘书长)`.
    pub fn parse_roster(text: &str) -> Option<(Role, Option<SignerLevel>)> {
        let t = text.trim().replace('（', "(").replace('）', ")");
        let (head, level) = match t.split_once('(') {
            Some((h, rest)) => (
                h.trim().to_string(),
                Some(rest.trim_end_matches(')').trim().to_string()),
            ),
            None => (t.clone(), None),
        };
        let role = Role::from_code(&head).or(match head.as_str() {
            "信息员" | "信息联络员" => Some(Role::Officer),
            "分管领导" => Some(Role::UnitLeader),
            "主要领导" | "主要负责人" => Some(Role::PrincipalLeader),
            "编辑" | "信息科编辑" => Some(Role::Editor),
            "审签领导" | "审签" => Some(Role::Signer),
            "阅读领导" | "领导" => Some(Role::Reader),
            "管理员" | "系统管理员" => Some(Role::Admin),
            "安全管理员" | "安全保密管理员" => Some(Role::SecurityAdmin),
            "审计管理员" | "安全审计员" => Some(Role::Auditor),
            _ => None,
        })?;
        match (role, level) {
            (Role::Signer, Some(l)) => SignerLevel::parse(&l).map(|l| (role, Some(l))),
            (Role::Signer, None) => Some((role, None)),
            (_, Some(_)) => None,
            (_, None) => Some((role, None)),
        }
    }

    /// The three administrators of 三员分立: each must use a second factor where the security
    /// policy says so, and none may be granted by the system administrator.
    pub fn is_administrative(self) -> bool {
        matches!(self, Role::Admin | Role::SecurityAdmin | Role::Auditor)
    }

    /// Editors and signers work an office's inbox, so they only exist in offices.
    pub fn office_only(self) -> bool {
        matches!(self, Role::Editor | Role::Signer)
    }
}

/// The sign-off ladder (DOMAIN.md §4): general items → section chief; important → deputy
/// secretary-general; especially important → secretary-general / director / mayor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerLevel {
    /// 科长
    Section,
    /// 副秘书长
    Deputy,
    /// 秘书长 / 主任 / 市长
    Chief,
}

impl SignerLevel {
    pub const ALL: [SignerLevel; 3] = [
        SignerLevel::Section,
        SignerLevel::Deputy,
        SignerLevel::Chief,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SignerLevel::Section => "section",
            SignerLevel::Deputy => "deputy",
            SignerLevel::Chief => "chief",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            SignerLevel::Section => "科长",
            SignerLevel::Deputy => "副秘书长",
            SignerLevel::Chief => "秘书长",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        Self::from_code(t).or(match t {
            "科长" | "科级" => Some(SignerLevel::Section),
            "副秘书长" | "副主任" => Some(SignerLevel::Deputy),
            "秘书长" | "主任" | "市长" | "县长" | "区长" | "省长" => {
                Some(SignerLevel::Chief)
            }
            _ => None,
        })
    }
}

/// One role held by one person in one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleGrant {
    pub person_id: PersonId,
    pub unit_id: UnitId,
    pub role: Role,
    pub signer_level: Option<SignerLevel>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_code_and_chinese_label() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            assert_eq!(Role::parse_roster(r.label_zh()).map(|x| x.0), Some(r));
        }
    }

    #[test]
    fn a_signer_level_can_follow_the_role_in_brackets() {
        assert_eq!(
            Role::parse_roster("审签领导（副秘书长）"),
            Some((Role::Signer, Some(SignerLevel::Deputy)))
        );
        assert_eq!(Role::parse_roster("审签领导(处长)"), None);
        assert_eq!(Role::parse_roster("编辑(科长)"), None);
    }

    #[test]
    fn signer_levels_are_ordered_from_section_to_chief() {
        assert!(SignerLevel::Section < SignerLevel::Deputy);
        assert!(SignerLevel::Deputy < SignerLevel::Chief);
    }
}
