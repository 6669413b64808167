//! The mandatory elements of a written urgent report (DOMAIN.md §5). "Report what is known
//! first, add details later": an element may say it is still being verified, but none may be
//! left out.

/// One element every written urgent report states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    OccurredAt,
    Place,
    Source,
    Nature,
    ScopeTrend,
    Casualties,
    Measures,
    LeadersOnSite,
    Requests,
    ReceivedAt,
}

impl Element {
    pub const ALL: [Element; 10] = [
        Element::OccurredAt,
        Element::Place,
        Element::Source,
        Element::Nature,
        Element::ScopeTrend,
        Element::Casualties,
        Element::Measures,
        Element::LeadersOnSite,
        Element::Requests,
        Element::ReceivedAt,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Element::OccurredAt => "occurred_at",
            Element::Place => "place",
            Element::Source => "source",
            Element::Nature => "nature",
            Element::ScopeTrend => "scope_trend",
            Element::Casualties => "casualties",
            Element::Measures => "measures",
            Element::LeadersOnSite => "leaders_on_site",
            Element::Requests => "requests",
            Element::ReceivedAt => "received_at",
        }
    }

    pub fn from_code(s: &str) -> Option<Element> {
        Element::ALL.into_iter().find(|e| e.code() == s)
    }
}

/// The elements `value` leaves empty, in the order a report states them.
pub fn missing_elements<'a>(value: impl Fn(Element) -> Option<&'a str>) -> Vec<Element> {
    Element::ALL
        .into_iter()
        .filter(|e| value(*e).is_none_or(|v| v.trim().is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_missing_casualties_and_requests_names_exactly_those() {
        let filled = |e: Element| match e {
            Element::Casualties => Some("  "),
            Element::Requests => None,
            _ => Some("已核实"),
        };
        assert_eq!(
            missing_elements(filled),
            vec![Element::Casualties, Element::Requests]
        );
        assert!(missing_elements(|_| Some("正在核实")).is_empty());
        for e in Element::ALL {
            assert_eq!(Element::from_code(e.code()), Some(e));
        }
    }
}
