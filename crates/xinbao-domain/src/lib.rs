//! Pure domain model of Xinbao (信报): ids, units and the organisation tree, people, roles,
//! access rules, password and lockout policies, roster validation, the clock, items and their
//! state machine, sudden events and their time limits, the working-day calendar.
//! No async, no SQL, no HTTP: everything here is plain data and functions, tested exhaustively.

pub mod access;
pub mod audit;
pub mod audit_chain;
pub mod calendar;
pub mod clock;
pub mod code;
pub mod delivery;
pub mod event;
pub mod ids;
pub mod instruction;
pub mod item;
pub mod menu;
pub mod notice;
pub mod org;
pub mod periodical;
pub mod person;
pub mod policy;
pub mod role;
pub mod roster;
pub mod scope;
pub mod scoring;
pub mod second_factor;
pub mod text;
pub mod unit;

pub use clock::{Clock, ManualClock, OffsetClock, SystemClock, Timestamp};
pub use code::{Coded, MaybeCode, UnknownCode};
pub use ids::{PersonId, UnitId};
pub use role::{Role, RoleGrant, SignerLevel};
pub use unit::{OfficeBranch, OfficeLevel, UnitKind};
