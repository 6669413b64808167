//! Stored codes: every status, kind, role and level is kept in the database as a short code
//! (`"awaiting_signoff"`) and read back as its domain enum exactly once, at the edge of the
//! store. An unknown code is an error naming what it should have been, never a default.

use thiserror::Error;

/// A value the database keeps as a code.
pub trait Coded: Sized + Copy + 'static {
    /// What the code names, for errors ("item status").
    const KIND: &'static str;
    /// The stored code.
    fn as_code(self) -> &'static str;
    /// The value of a stored code.
    fn of_code(code: &str) -> Option<Self>;

    /// The value, or an error naming the kind and the code.
    fn decode(code: &str) -> Result<Self, UnknownCode> {
        Self::of_code(code).ok_or_else(|| UnknownCode {
            kind: Self::KIND,
            value: code.chars().take(64).collect(),
        })
    }
}

/// A stored code no value has.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown {kind} code {value:?}")]
pub struct UnknownCode {
    pub kind: &'static str,
    pub value: String,
}

/// A code that may be absent (a nullable column): `None` for NULL, else the value; an unknown
/// code is still an error. Reads as an `Option` (`*level`), serialises as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct MaybeCode<T>(pub Option<T>);

impl<T> std::ops::Deref for MaybeCode<T> {
    type Target = Option<T>;
    fn deref(&self) -> &Option<T> {
        &self.0
    }
}

impl<T> From<Option<T>> for MaybeCode<T> {
    fn from(v: Option<T>) -> Self {
        MaybeCode(v)
    }
}

impl<T: Coded> MaybeCode<T> {
    /// The stored code, or NULL.
    pub fn code(self) -> Option<&'static str> {
        self.0.map(Coded::as_code)
    }
}

impl<T: Coded> TryFrom<Option<String>> for MaybeCode<T> {
    type Error = UnknownCode;
    fn try_from(code: Option<String>) -> Result<Self, UnknownCode> {
        code.map(|c| T::decode(&c)).transpose().map(MaybeCode)
    }
}

/// Implements [`Coded`] and `TryFrom<String>` (what the store decodes a column through) for
/// enums that already have `code()` and `from_code()`.
#[macro_export]
macro_rules! coded {
    ($($t:ty => $kind:literal),+ $(,)?) => {$(
        impl $crate::code::Coded for $t {
            const KIND: &'static str = $kind;
            fn as_code(self) -> &'static str {
                self.code()
            }
            fn of_code(code: &str) -> Option<Self> {
                <$t>::from_code(code)
            }
        }
        impl TryFrom<String> for $t {
            type Error = $crate::code::UnknownCode;
            fn try_from(code: String) -> Result<Self, Self::Error> {
                <$t as $crate::code::Coded>::decode(&code)
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    )+};
}

/// Declares an enum whose values are stored as codes: the enum with `ALL`, `code()`,
/// `from_code()`, serde under the same codes, and [`Coded`].
#[macro_export]
macro_rules! stored_codes {
    ($(#[$m:meta])* $vis:vis enum $name:ident ($kind:literal) {
        $($(#[$vm:meta])* $v:ident = $code:literal),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name { $($(#[$vm])* #[serde(rename = $code)] $v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
        $crate::coded!($name => $kind);
    };
}

/// Serde for a [`Coded`] enum that does not derive it: written and read as its code.
#[macro_export]
macro_rules! serde_by_code {
    ($($t:ty),+ $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$t as $crate::code::Coded>::decode(&code).map_err(serde::de::Error::custom)
            }
        }
    )+};
}

crate::serde_by_code!(
    crate::audit::AuditAction,
    crate::event::LedgerKind,
    crate::event::Severity,
    crate::calendar::DayKind,
);

crate::coded!(
    crate::item::ItemStatus => "item status",
    crate::item::ItemType => "item type",
    crate::item::Importance => "importance",
    crate::item::Urgency => "urgency",
    crate::item::Sensitivity => "sensitivity",
    crate::periodical::IssueStatus => "issue status",
    crate::periodical::IssueKind => "issue kind",
    crate::periodical::IssueAction => "issue action",
    crate::event::Severity => "event severity",
    crate::event::ReportKind => "event report kind",
    crate::event::DeadlineStatus => "deadline status",
    crate::event::LedgerKind => "ledger kind",
    crate::calendar::DayKind => "day kind",
    crate::role::Role => "role",
    crate::role::SignerLevel => "signer level",
    crate::unit::UnitKind => "unit kind",
    crate::unit::OfficeLevel => "office level",
    crate::unit::OfficeBranch => "office branch",
    crate::audit::AuditAction => "audit action",
    crate::instruction::InstructionStatus => "instruction status",
    crate::instruction::AssignmentStatus => "assignment status",
    crate::scoring::Level => "leader level",
);

#[cfg(test)]
mod tests {

    use crate::item::{Importance, ItemStatus};

    #[test]
    fn a_known_code_decodes_and_an_unknown_one_names_its_kind() {
        assert_eq!(
            ItemStatus::try_from("awaiting_signoff".to_string()),
            Ok(ItemStatus::AwaitingSignoff)
        );
        let e = ItemStatus::try_from("drafted".to_string()).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("unknown item status code \"drafted\"")
        );
        assert_eq!(Importance::Critical.to_string(), "critical");
    }
}
