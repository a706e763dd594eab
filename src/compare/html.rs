//! A comparison as one self-contained HTML page (`toegang compare --format html`): the heatmap of
//! open access per provision, the similarity matrix, and every difference with its minimal
//! examples and both advices side by side. No scripts and no outside requests: it can be mailed
//! or put on an intranet as it is.

use crate::advice::{ProvisionAdvice, Route};
use crate::compare::{Comparison, Difference};
use html_escape::encode_text as esc;
use std::fmt::Write;

/// Renders `report`; `name` gives a municipality's display name, `source` says what was compared
/// over (e.g. "a population of 10000, seed 1").
pub fn render(report: &Comparison, name: &dyn Fn(&str) -> String, source: &str) -> String {
    let mut html = String::new();
    let names: Vec<String> = report.municipalities.iter().map(|m| name(m)).collect();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Vergelijking: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Regels vergelijken <span lang=\"en\">/ Comparing rules</span></h1>\n\
         <p>{} — {} situaties / situations.</p>\n",
        esc(&names.join(", ")),
        esc(source),
        report.situations
    );
    failures(&mut html, report, &names);
    heatmap(&mut html, report, &names);
    similarity(&mut html, report, &names);
    differences(&mut html, report, name);
    html.push_str("</body>\n</html>\n");
    html
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:80rem;margin:auto;padding:1rem;line-height:1.4}\
table{border-collapse:collapse;font-size:.875rem}th,td{border:1px solid #fff;padding:.35rem .6rem;text-align:center}\
th[scope=row]{text-align:left;font-weight:normal;white-space:nowrap}.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}\
.open_access{color:#1b5e20;font-weight:bold}.decision_required{color:#0d3a75;font-weight:bold}\
details{border:1px solid #767676;border-radius:4px;padding:.5rem 1rem;margin:.5rem 0}summary{cursor:pointer}\
.failure{border-left:.3rem solid #b00020;padding-left:.75rem}";

/// Municipalities whose rules could not evaluate some situations: how many, and the first error.
fn failures(html: &mut String, report: &Comparison, names: &[String]) {
    for ((name, n), first) in names.iter().zip(&report.errors).zip(&report.first_errors) {
        if *n == 0 {
            continue;
        }
        let first = first.as_ref().map(|e| e.to_string()).unwrap_or_default();
        let _ = writeln!(
            html,
            "<p class=\"failure\"><strong>{}</strong>: {n} van de {} situaties konden niet worden \
             beoordeeld; die tellen niet mee. <span lang=\"en\">{n} of {} situations could not be \
             evaluated and are left out.</span> De eerste fout / the first error: <code>{}</code></p>",
            esc(name),
            report.situations,
            report.situations,
            esc(&first)
        );
    }
}

fn heatmap(html: &mut String, report: &Comparison, names: &[String]) {
    html.push_str(
        "<h2>Direct toegankelijk, per voorziening <span lang=\"en\">/ Open access per provision</span></h2>\n\
         <p>Het deel van de inwoners die om de voorziening vragen en er zonder besluit terechtkunnen.</p>\n<table>\n<tr><th>Voorziening</th>",
    );
    for n in names {
        let _ = write!(html, "<th scope=\"col\">{}</th>", esc(n));
    }
    html.push_str("</tr>\n");
    for p in &report.provisions {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", esc(&p.name.nl));
        for routes in &p.routes {
            let share = routes.open_access as f64 / p.asked.max(1) as f64;
            let (background, color) = shade(share);
            let _ = write!(
                html,
                "<td style=\"background:{background};color:{color}\">{}%</td>",
                (share * 100.0).round() as i64
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

fn similarity(html: &mut String, report: &Comparison, names: &[String]) {
    html.push_str(
        "<h2>Hoe gelijk is het advies? <span lang=\"en\">/ How alike is the advice?</span></h2>\n\
         <p>Het deel van de situaties met precies hetzelfde advies.</p>\n<table>\n<tr><td></td>",
    );
    for n in names {
        let _ = write!(html, "<th scope=\"col\">{}</th>", esc(n));
    }
    html.push_str("</tr>\n");
    for (row, n) in report.similarity.iter().zip(names) {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", esc(n));
        for share in row {
            let (background, color) = shade(*share);
            let tenths = (share * 1000.0).round() as i64;
            let _ = write!(
                html,
                "<td style=\"background:{background};color:{color}\">{}.{}%</td>",
                tenths / 10,
                tenths % 10
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

fn differences(html: &mut String, report: &Comparison, name: &dyn Fn(&str) -> String) {
    let _ = writeln!(
        html,
        "<h2>Verschillen met voorbeelden <span lang=\"en\">/ Differences with examples</span> ({})</h2>",
        report.differences.len()
    );
    if report.differences.is_empty() {
        html.push_str("<p>Geen verschillen: in elke situatie dezelfde route.</p>\n");
    }
    if report.examples_left_out > 0 {
        let _ = writeln!(
            html,
            "<p>{n} voorbeelden weggelaten: de voorbeelden samen zouden groter worden dan {mib} MiB. \
             <span lang=\"en\">{n} examples left out: together the examples would pass {mib} MiB.</span></p>",
            n = report.examples_left_out,
            mib = super::MAX_EXAMPLE_BYTES / (1024 * 1024)
        );
    }
    for d in &report.differences {
        difference(html, report, d, name);
    }
}

fn difference(
    html: &mut String,
    report: &Comparison,
    d: &Difference,
    name: &dyn Fn(&str) -> String,
) {
    let provision = report
        .provisions
        .iter()
        .find(|p| p.provision == d.provision)
        .map_or(d.provision.clone(), |p| p.name.nl.clone());
    let (a, b) = (name(&d.a), name(&d.b));
    let _ = write!(
        html,
        "<details>\n<summary><strong>{}</strong>: {} en {} verschillen in {} situaties</summary>\n",
        esc(&provision),
        esc(&a),
        esc(&b),
        d.count
    );
    for example in &d.examples {
        let _ = write!(
            html,
            "<p><strong>{}</strong><br><span lang=\"en\">{}</span></p>\n<div class=\"sides\">{}{}</div>\n",
            esc(&example.description.nl),
            esc(&example.description.en),
            side(&a, example.a.as_ref()),
            side(&b, example.b.as_ref())
        );
    }
    html.push_str("</details>\n");
}

fn side(municipality: &str, advice: Option<&ProvisionAdvice>) -> String {
    let Some(advice) = advice else {
        return format!(
            "<div><h3>{}</h3><p>Geen advies</p></div>",
            esc(municipality)
        );
    };
    let route = match advice.route {
        Route::OpenAccess => "direct toegankelijk",
        Route::DecisionRequired => "besluit nodig",
        Route::NotOffered => "niet aangeboden",
        Route::Elsewhere => "elders geregeld",
    };
    let via = advice
        .access
        .as_ref()
        .map(|a| format!(" via {}", esc(&a.name)))
        .unwrap_or_default();
    let reasons: String = advice
        .reasons
        .iter()
        .map(|r| format!("<li>{}</li>", esc(&r.text.nl)))
        .collect();
    format!(
        "<div><h3>{}</h3><p><span class=\"{}\">{route}</span>{via}</p><ul>{reasons}</ul></div>",
        esc(municipality),
        advice.route.id()
    )
}

/// The page's colour scale: blue (decision) through light to green (open access), with black or
/// white text, whichever contrasts more (at least 4.5:1).
pub fn shade(share: f64) -> (String, &'static str) {
    let share = share.clamp(0.0, 1.0);
    let hue = 215.0 - 75.0 * share;
    let lightness = (30.0 + 40.0 * (1.0 - (2.0 * share - 1.0).abs())) / 100.0;
    let [r, g, b] = hsl_to_rgb(hue, 0.6, lightness);
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    let color = if 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 {
        "#fff"
    } else {
        "#000"
    };
    (format!("rgb({r} {g} {b})"), color)
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> [u8; 3] {
    let a = s * l.min(1.0 - l);
    let f = |n: f64| {
        // (n + h / 30) mod 12, without a call to libm's fmod (the wasm module's size budget).
        let k = n + h / 30.0;
        let k = k - 12.0 * (k / 12.0).floor();
        let v = l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0);
        (v * 255.0).round() as u8
    };
    [f(0.0), f(8.0), f(4.0)]
}

#[cfg(test)]
mod tests {
    use super::shade;

    #[test]
    fn the_scale_runs_from_dark_blue_through_light_to_dark_green_with_readable_text() {
        assert_eq!(shade(0.0), ("rgb(31 69 122)".to_string(), "#fff"));
        assert_eq!(shade(0.5).1, "#000");
        assert_eq!(shade(1.0).1, "#fff");
    }
}
