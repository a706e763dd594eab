//! A rule set file's content (JSON, as the wasm module and a draft hold it) written out as TOML
//! text, in the layout of the bundled files: key-values first, tables as `[parties.gemeente]`,
//! lists of tables as `[[sources]]`, and inside those, tables inline (`situation = { age = 80 }`)
//! or under a dotted key (`expect.rolstoel = { route = "decision_required" }`). The quoting and
//! escaping of keys and strings is `toml_writer`'s (of the toml crate), so `toegang check` reads the
//! text back as the same content; `tests/draft.rs` checks that for every bundled rule set.

use serde_json::{Map, Value};
use std::fmt::Write as _;
use toml_writer::{TomlKeyBuilder, TomlStringBuilder, TomlWrite as _};

/// `document` (a JSON object) as TOML text; an error says what TOML cannot hold (null, a
/// fraction: rule set files have neither).
pub fn to_toml(document: &Value) -> Result<String, String> {
    let Value::Object(map) = document else {
        return Err("a TOML document is a table".into());
    };
    let mut out = String::new();
    write_table(&mut out, &[], map, true)?;
    Ok(out)
}

/// Writes the body of a table, then the tables and lists of tables under it (`top`: a standard
/// table, which may hold sections; otherwise the body of a `[[list]]` item, which holds none).
fn write_table(
    out: &mut String,
    path: &[&str],
    map: &Map<String, Value>,
    top: bool,
) -> Result<(), String> {
    let is_section = |v: &Value| top && (v.is_object() || is_table_list(v));
    // Plain values first (a case's name), then lists, then tables, each group in key order.
    let rank = |v: &Value| match v {
        Value::Array(_) => 1,
        Value::Object(_) => 2,
        _ => 0,
    };
    for group in 0..3 {
        for (key, value) in map
            .iter()
            .filter(|(_, v)| !is_section(v) && rank(v) == group)
        {
            write_entry(out, &[key.as_str()], value)?;
        }
    }
    for (key, value) in map.iter().filter(|(_, v)| is_section(v)) {
        let path: Vec<&str> = path.iter().copied().chain([key.as_str()]).collect();
        match value {
            Value::Object(table) => {
                // A table of tables only groups them: no header of its own.
                if !table.values().all(Value::is_object) || table.is_empty() {
                    header(out, &path, false)?;
                }
                write_table(out, &path, table, true)?;
            }
            Value::Array(items) => {
                for item in items {
                    header(out, &path, true)?;
                    if let Value::Object(table) = item {
                        write_table(out, &path, table, false)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A non-empty list of tables: written as `[[key]]` sections at the top.
fn is_table_list(value: &Value) -> bool {
    matches!(value, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object))
}

/// `[a.b]` or `[[a.b]]`, after a blank line.
fn header(out: &mut String, path: &[&str], list: bool) -> Result<(), String> {
    let fault = |_| "could not write a header".to_string();
    out.newline().map_err(fault)?;
    if list {
        out.open_array_of_tables_header().map_err(fault)?;
    } else {
        out.open_table_header().map_err(fault)?;
    }
    write_key(out, path)?;
    if list {
        out.close_array_of_tables_header().map_err(fault)?;
    } else {
        out.close_table_header().map_err(fault)?;
    }
    out.newline().map_err(fault)
}

fn write_key(out: &mut String, path: &[&str]) -> Result<(), String> {
    for (i, key) in path.iter().enumerate() {
        if i > 0 {
            out.key_sep().map_err(|_| "could not write a key")?;
        }
        out.key(TomlKeyBuilder::new(key).as_default())
            .map_err(|_| format!("could not write the key `{key}`"))?;
    }
    Ok(())
}

/// `key = value`; a table of tables becomes one line per inner table under a dotted key.
fn write_entry(out: &mut String, path: &[&str], value: &Value) -> Result<(), String> {
    if let Value::Object(table) = value {
        if !table.is_empty() && table.values().any(Value::is_object) {
            for (key, inner) in table {
                let path: Vec<&str> = path.iter().copied().chain([key.as_str()]).collect();
                write_entry(out, &path, inner)?;
            }
            return Ok(());
        }
    }
    write_key(out, path)?;
    out.push_str(" = ");
    write_inline(out, value, path)?;
    out.push('\n');
    Ok(())
}

/// A value on one line: arrays `[…]` and tables `{ … }` inline.
fn write_inline(out: &mut String, value: &Value, path: &[&str]) -> Result<(), String> {
    let at = || path.join(".");
    match value {
        Value::Null => return Err(format!("{}: TOML has no null", at())),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_i64() {
            Some(i) => {
                let _ = write!(out, "{i}");
            }
            None => return Err(format!("{}: {n} is not a whole number", at())),
        },
        Value::String(s) => {
            out.value(TomlStringBuilder::new(s).as_default())
                .map_err(|_| format!("{}: could not write the string", at()))?;
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_inline(out, item, path)?;
            }
            out.push(']');
        }
        Value::Object(table) if table.is_empty() => out.push_str("{}"),
        Value::Object(table) => {
            out.push_str("{ ");
            for (i, (key, inner)) in table.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_key(out, &[key.as_str()])?;
                out.push_str(" = ");
                write_inline(out, inner, path)?;
            }
            out.push_str(" }");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::to_toml;
    use serde_json::json;

    #[test]
    fn tables_lists_of_tables_and_inline_tables_are_laid_out_as_in_the_rule_files() {
        let text = to_toml(&json!({
            "id": "x",
            "summary": { "nl": "Één \"regel\"", "en": "One" },
            "parties": { "gemeente": { "name": "Gemeente", "kind": "municipality" } },
            "case": [{ "name": "a", "situation": { "age": 80, "children": [{ "age": 8 }] },
                       "expect": { "rolstoel": { "route": "decision_required" }, "wmo": "open_access" } }],
        }))
        .unwrap();
        assert_eq!(
            text,
            "id = \"x\"\n\
             \n[[case]]\nname = \"a\"\nexpect.rolstoel = { route = \"decision_required\" }\nexpect.wmo = \"open_access\"\n\
             situation = { age = 80, children = [{ age = 8 }] }\n\
             \n[parties.gemeente]\nkind = \"municipality\"\nname = \"Gemeente\"\n\
             \n[summary]\nen = \"One\"\nnl = 'Één \"regel\"'\n"
        );
    }

    #[test]
    fn what_toml_cannot_hold_is_an_error_that_names_it() {
        assert_eq!(
            to_toml(&json!({ "a": null })).unwrap_err(),
            "a: TOML has no null"
        );
        assert!(to_toml(&json!({ "b": [1.5] }))
            .unwrap_err()
            .starts_with("b: 1.5"));
        assert!(to_toml(&json!([1])).is_err());
    }
}
