//! Periodicals (刊物) and their issues (期): the issue's life from compiling to publication,
//! and how issue numbers run (restarting each year or not, supplements numbered apart, an
//! optional running total). Numbers are given at publication, never before.

pub mod access;
#[cfg(test)]
mod tests;

/// Where an issue stands: compiled and edited (`draft`), content locked (`frozen`, 定版),
/// signed off (`signed_off`), `published`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Draft,
    Frozen,
    SignedOff,
    Published,
}

/// What can be done to an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueAction {
    Edit,
    Freeze,
    /// Unlock a frozen issue; needs a reason, which is recorded.
    Unfreeze,
    SignOff,
    Publish,
}

impl IssueStatus {
    pub const ALL: [IssueStatus; 4] = [
        IssueStatus::Draft,
        IssueStatus::Frozen,
        IssueStatus::SignedOff,
        IssueStatus::Published,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IssueStatus::Draft => "draft",
            IssueStatus::Frozen => "frozen",
            IssueStatus::SignedOff => "signed_off",
            IssueStatus::Published => "published",
        }
    }

    pub fn from_code(s: &str) -> Option<IssueStatus> {
        IssueStatus::ALL.into_iter().find(|v| v.code() == s)
    }
}

impl IssueAction {
    pub const ALL: [IssueAction; 5] = [
        IssueAction::Edit,
        IssueAction::Freeze,
        IssueAction::Unfreeze,
        IssueAction::SignOff,
        IssueAction::Publish,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IssueAction::Edit => "edit",
            IssueAction::Freeze => "freeze",
            IssueAction::Unfreeze => "unfreeze",
            IssueAction::SignOff => "sign_off",
            IssueAction::Publish => "publish",
        }
    }

    pub fn from_code(s: &str) -> Option<IssueAction> {
        IssueAction::ALL.into_iter().find(|v| v.code() == s)
    }

    /// The only state each action starts from (the store guards the same).
    pub fn from_state(self) -> IssueStatus {
        match self {
            IssueAction::Edit | IssueAction::Freeze => IssueStatus::Draft,
            IssueAction::Unfreeze | IssueAction::SignOff => IssueStatus::Frozen,
            IssueAction::Publish => IssueStatus::SignedOff,
        }
    }
}

/// The state after `action`, or `None` when it is not allowed from `from`.
pub fn issue_transition(from: IssueStatus, action: IssueAction) -> Option<IssueStatus> {
    if action.from_state() != from {
        return None;
    }
    Some(match action {
        IssueAction::Edit | IssueAction::Unfreeze => IssueStatus::Draft,
        IssueAction::Freeze => IssueStatus::Frozen,
        IssueAction::SignOff => IssueStatus::SignedOff,
        IssueAction::Publish => IssueStatus::Published,
    })
}

/// A regular issue or a supplement (增刊), numbered separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    Regular,
    Supplement,
}

impl IssueKind {
    pub fn code(self) -> &'static str {
        match self {
            IssueKind::Regular => "regular",
            IssueKind::Supplement => "supplement",
        }
    }

    pub fn from_code(s: &str) -> Option<IssueKind> {
        match s {
            "regular" => Some(IssueKind::Regular),
            "supplement" => Some(IssueKind::Supplement),
            _ => None,
        }
    }
}

/// How a periodical's numbers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering {
    /// Issue numbers start again at 1 each year.
    pub restart_yearly: bool,
    /// A running total number (总第N期) across all years (regular issues only).
    pub running_total: bool,
}

impl Numbering {
    /// The counter an issue of `kind` published in `year` draws its number from: one per
    /// kind, and per year when numbers restart yearly.
    pub fn counter_key(self, kind: IssueKind, year: i32) -> (&'static str, i32) {
        (kind.code(), if self.restart_yearly { year } else { 0 })
    }

    /// Whether an issue of `kind` also takes the next running total number.
    pub fn takes_total(self, kind: IssueKind) -> bool {
        self.running_total && kind == IssueKind::Regular
    }
}

/// How an issue number reads: `2026年第12期（总第345期）`, `增刊第2期`.
pub fn issue_label(
    kind: IssueKind,
    year: i32,
    number: i64,
    total: Option<i64>,
    restart_yearly: bool,
) -> String {
    let mut s = String::new();
    if restart_yearly {
        s.push_str(&format!("{year}年"));
    }
    if kind == IssueKind::Supplement {
        s.push_str("增刊");
    }
    s.push_str(&format!("第{number}期"));
    if let Some(t) = total {
        s.push_str(&format!("（总第{t}期）"));
    }
    s
}
