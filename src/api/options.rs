//! The options of an advice as a caller writes them in JSON: `{ "strictDates": true }`.

use crate::error::{Error, Result};
use crate::registry::AdviseOptions;
use serde_json::Value;

/// Reads advice options; absent, `null` or `{}` give the defaults. Other keys are ignored, so a
/// caller written for a later version still gets an answer.
pub fn advise_options(options: Option<&Value>) -> Result<AdviseOptions> {
    let Some(options) = options.filter(|o| !o.is_null()) else {
        return Ok(AdviseOptions::default());
    };
    let Value::Object(options) = options else {
        return Err(Error::input("options", "expected an object"));
    };
    match options.get("strictDates") {
        Some(Value::Bool(strict_dates)) => Ok(AdviseOptions {
            strict_dates: *strict_dates,
        }),
        None | Some(Value::Null) => Ok(AdviseOptions::default()),
        Some(_) => Err(Error::input(
            "options.strictDates",
            "expected true or false",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strict_dates_is_read_and_defaults_to_off() {
        let strict = advise_options(Some(&json!({"strictDates": true}))).map(|o| o.strict_dates);
        assert_eq!(strict, Ok(true));
        for lenient in [
            None,
            Some(json!(null)),
            Some(json!({})),
            Some(json!({"later": 1})),
        ] {
            let options = advise_options(lenient.as_ref()).map(|o| o.strict_dates);
            assert_eq!(options, Ok(false), "{lenient:?}");
        }
    }

    #[test]
    fn a_wrong_value_names_its_path() {
        let error = advise_options(Some(&json!({"strictDates": "yes"}))).unwrap_err();
        assert_eq!(error.path(), Some("options.strictDates"));
        let error = advise_options(Some(&json!([true]))).unwrap_err();
        assert_eq!(error.path(), Some("options"));
    }
}
