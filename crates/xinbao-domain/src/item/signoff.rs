//! Who must sign an item off before it leaves a unit or an office (DOMAIN.md §4).

use super::fields::Importance;
use crate::role::{Role, SignerLevel};

/// A unit's rule: by importance, which of its leaders must approve before the item leaves.
/// Default: general items leave directly; important ones need the leader in charge; especially
/// important ones the principal leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitSignoffRule {
    pub general: Option<Role>,
    pub important: Option<Role>,
    pub critical: Option<Role>,
}

impl Default for UnitSignoffRule {
    fn default() -> Self {
        UnitSignoffRule {
            general: None,
            important: Some(Role::UnitLeader),
            critical: Some(Role::PrincipalLeader),
        }
    }
}

impl UnitSignoffRule {
    pub fn required(&self, importance: Importance) -> Option<Role> {
        match importance {
            Importance::General => self.general,
            Importance::Important => self.important,
            Importance::Critical => self.critical,
        }
    }

    /// May a person holding `roles` in the unit approve at `importance`? The principal leader
    /// may always stand in for the leader in charge.
    pub fn may_approve(&self, importance: Importance, roles: &[Role]) -> bool {
        match self.required(importance) {
            None => false,
            Some(Role::UnitLeader) => {
                roles.contains(&Role::UnitLeader) || roles.contains(&Role::PrincipalLeader)
            }
            Some(r) => roles.contains(&r),
        }
    }
}

/// An office's rule for items it forwards upward: the signer level each importance needs.
/// Default (seed 002): general → section chief; important → deputy secretary-general;
/// especially important → secretary-general / director / mayor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeSignoffRule {
    pub general: SignerLevel,
    pub important: SignerLevel,
    pub critical: SignerLevel,
}

impl Default for OfficeSignoffRule {
    fn default() -> Self {
        OfficeSignoffRule {
            general: SignerLevel::Section,
            important: SignerLevel::Deputy,
            critical: SignerLevel::Chief,
        }
    }
}

impl OfficeSignoffRule {
    /// The level needed; first-receiver direct report (首接直报) goes straight to the top signer.
    pub fn required(&self, importance: Importance, direct: bool) -> SignerLevel {
        if direct {
            return SignerLevel::Chief;
        }
        match importance {
            Importance::General => self.general,
            Importance::Important => self.important,
            Importance::Critical => self.critical,
        }
    }

    /// A signer may approve anything at or below their level.
    pub fn may_approve(&self, importance: Importance, direct: bool, level: SignerLevel) -> bool {
        level >= self.required(importance, direct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_items_leave_a_unit_without_sign_off_by_default() {
        let r = UnitSignoffRule::default();
        assert_eq!(r.required(Importance::General), None);
        assert_eq!(r.required(Importance::Important), Some(Role::UnitLeader));
        assert!(r.may_approve(Importance::Important, &[Role::PrincipalLeader]));
        assert!(!r.may_approve(Importance::Critical, &[Role::UnitLeader]));
    }

    #[test]
    fn office_sign_off_follows_importance_and_direct_report_goes_to_the_top() {
        let r = OfficeSignoffRule::default();
        assert!(r.may_approve(Importance::General, false, SignerLevel::Section));
        assert!(!r.may_approve(Importance::Important, false, SignerLevel::Section));
        assert!(r.may_approve(Importance::Important, false, SignerLevel::Chief));
        assert_eq!(r.required(Importance::General, true), SignerLevel::Chief);
    }
}
