//! Dates as the rule files, situations and advice write them: `YYYY-MM-DD`.
//!
//! Read here rather than by chrono's general parser, which would weigh about 5 kB on the wasm
//! module's size budget, and so that a wrong date gets a message a person understands instead of
//! chrono's "trailing input".

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};

/// `2026-03-01`, or `None` for anything else (`1-3-2026`, `2026-02-30`, `2026-3-1`).
pub fn parse(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    let number = |from: usize, to: usize| text[from..to].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)
}

/// Today's date (UTC) from the system clock; natively only (wasm has no clock it may read here).
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or_default();
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

fn invalid<E: serde::de::Error>(text: &str) -> E {
    E::custom(format!(
        "`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01"
    ))
}

/// For `#[serde(deserialize_with = "crate::dates::deserialize")]`.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| invalid(&text))
}

/// For optional dates: `#[serde(default, deserialize_with = "crate::dates::deserialize_option")]`.
pub fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    let text = Option::<std::borrow::Cow<str>>::deserialize(deserializer)?;
    text.map(|text| parse(&text).ok_or_else(|| invalid(&text)))
        .transpose()
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// `31 december 2026`.
pub(crate) fn dutch_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_NL[date.month0() as usize],
        date.year()
    )
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `31 December 2026`. (Not chrono's `format`: its formatting machinery would weigh on the wasm
/// module's size budget.)
pub(crate) fn english_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_EN[date.month0() as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn only_a_real_iso_date_is_a_date() {
        assert_eq!(parse("2026-03-01").unwrap().to_string(), "2026-03-01");
        assert_eq!(parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        for wrong in [
            "1-3-2026",
            "2026-3-1",
            "2026-02-30",
            "2026-13-01",
            "2026-03-01T00",
            "+026-03-01",
            "",
            "2026/03/01",
        ] {
            assert_eq!(parse(wrong), None, "{wrong}");
        }
    }
}
