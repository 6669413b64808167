//! The classifying fields of an item.

use serde::{Deserialize, Serialize};

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal / $zh:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.code() == code.trim())
            }

            pub fn label_zh(self) -> &'static str {
                match self { $($name::$v => $zh),+ }
            }
        }
    };
}

coded_enum!(
    /// 信息类型: scoring and structure targets depend on it.
    ItemType {
        Dynamic = "dynamic" / "动态信息",
        Experience = "experience" / "经验做法",
        Problem = "problem" / "问题建议",
        Sentiment = "sentiment" / "社情民意",
        Research = "research" / "调研报告",
        Special = "special" / "专报",
        Combined = "combined" / "综合信息",
        Urgent = "urgent" / "紧急信息",
    }
);

coded_enum!(
    /// 重要程度: decides who signs off.
    Importance {
        General = "general" / "一般",
        Important = "important" / "重要",
        Critical = "critical" / "特别重要",
    }
);

coded_enum!(
    /// 紧急程度: urgent items come first everywhere.
    Urgency {
        Normal = "normal" / "平件",
        Urgent = "urgent" / "急件",
        Immediate = "immediate" / "特急",
    }
);

coded_enum!(
    /// 敏感标记.
    Sensitivity {
        None = "none" / "无",
        Internal = "internal" / "内部",
        Sensitive = "sensitive" / "敏感",
    }
);

/// A title: trimmed, 1–120 characters, one line.
pub fn validate_title(raw: &str) -> Option<String> {
    let t = raw.trim();
    let n = t.chars().count();
    ((1..=120).contains(&n) && !t.contains('\n')).then(|| t.to_string())
}

/// The body's visible text must not be empty and stays under 100,000 characters.
pub fn validate_body_text(text: &str) -> bool {
    let n = text.trim().chars().count();
    (1..=100_000).contains(&n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_for_every_field() {
        for t in ItemType::ALL {
            assert_eq!(ItemType::from_code(t.code()), Some(*t));
        }
        for i in Importance::ALL {
            assert_eq!(Importance::from_code(i.code()), Some(*i));
        }
        assert_eq!(Urgency::from_code("immediate"), Some(Urgency::Immediate));
        assert_eq!(Sensitivity::from_code("x"), None);
    }

    #[test]
    fn titles_are_one_trimmed_line_of_bounded_length() {
        assert_eq!(
            validate_title("  城关镇推进秸秆禁烧 ").as_deref(),
            Some("城关镇推进秸秆禁烧")
        );
        assert_eq!(validate_title(""), None);
        assert_eq!(validate_title("a\nb"), None);
        assert_eq!(validate_title(&"字".repeat(121)), None);
    }
}
