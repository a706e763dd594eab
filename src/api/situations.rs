//! Lists of situations, for comparisons and batches: every error names the item it is in, as
//! `situations[2].age` for a JSON list or `line 3: age` for JSON lines.

use crate::error::Result;
use crate::situation::Situation;

/// Reads a JSON list of situations; the first bad item's error carries its index.
pub fn situations_from_values(values: Vec<serde_json::Value>) -> Result<Vec<Situation>> {
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            Situation::from_value(value).map_err(|e| e.nested_in(&format!("situations[{i}]"), "."))
        })
        .collect()
}

/// Reads JSON lines of situations, each given as its line number and its text (or why the text
/// could not be read); the first bad line's error carries its number.
pub fn situations_from_lines(
    lines: impl IntoIterator<Item = (usize, Result<String>)>,
) -> Result<Vec<Situation>> {
    lines
        .into_iter()
        .map(|(n, text)| {
            text.and_then(|line| Situation::from_json(&line))
                .map_err(|e| e.nested_in(&format!("line {n}"), ": "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use serde_json::json;

    #[test]
    fn a_bad_item_is_named_by_its_index() {
        let good = json!({"reference_date": "2026-03-01", "age": 80, "needs": []});
        let list = situations_from_values(vec![good.clone(), good.clone()]);
        assert_eq!(list.map(|l| l.len()), Ok(2));
        let bad = json!({"reference_date": "2026-03-01", "age": "old", "needs": []});
        let error = situations_from_values(vec![good.clone(), bad]).unwrap_err();
        assert_eq!(error.path(), Some("situations[1].age"));
        let error = situations_from_values(vec![good, json!(7)]).unwrap_err();
        assert_eq!(error.path(), Some("situations[1]"));
    }

    #[test]
    fn a_bad_line_is_named_by_its_number() {
        let good = r#"{"reference_date": "2026-03-01", "age": 80, "needs": []}"#.to_string();
        let lines = vec![
            (1, Ok(good)),
            (
                3,
                Ok(r#"{"reference_date": "2026-03-01", "age": -1, "needs": []}"#.to_string()),
            ),
        ];
        let error = situations_from_lines(lines).unwrap_err();
        assert_eq!(error.path(), Some("line 3: age"));
        let unreadable = vec![(2, Err(Error::input("", "not UTF-8")))];
        let error = situations_from_lines(unreadable).unwrap_err();
        assert_eq!(error.path(), Some("line 2"));
    }
}
