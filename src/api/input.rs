//! Input as the CLI reads it from a file or stdin and HTTP from a request body, read so that no
//! input can exhaust memory or hide a mistake: one situation is at most [`MAX_INPUT_BYTES`]
//! (reading stops there, 1 GB on stdin is refused after 64 KiB), and a JSON-lines batch is read
//! line by line, each line too long or not UTF-8 becoming that line's own error while the other
//! lines go on.

use crate::error::Error;
use crate::situation::MAX_INPUT_BYTES;
use std::io::{BufRead, Read};

/// The text of one situation: at most [`MAX_INPUT_BYTES`], UTF-8. The outer error is the reader's
/// own (a closed stdin), the inner one what is wrong with the text.
pub fn situation_text(reader: impl Read) -> std::io::Result<Result<String, Error>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Ok(Err(too_long()));
    }
    Ok(utf8(bytes))
}

/// One line of a JSON-lines input: its number (from 1) and its text, or why it cannot be read.
pub type Line = (usize, Result<String, Error>);

/// The non-empty lines of a JSON-lines input. An I/O error ends the iteration with that error.
pub fn lines(reader: impl BufRead) -> impl Iterator<Item = std::io::Result<Line>> {
    let mut reader = reader;
    let mut number = 0;
    std::iter::from_fn(move || loop {
        number += 1;
        let line = match next_line(&mut reader) {
            Ok(None) => return None,
            Ok(Some(line)) => line,
            Err(e) => return Some(Err(e)),
        };
        let text = line.and_then(utf8);
        if matches!(&text, Ok(t) if t.trim().is_empty()) {
            continue;
        }
        return Some(Ok((number, text)));
    })
}

/// The next line's bytes without its line end; a line longer than [`MAX_INPUT_BYTES`] is skipped
/// to its end (in bounded memory) and reported.
fn next_line(reader: &mut impl BufRead) -> std::io::Result<Option<Result<Vec<u8>, Error>>> {
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let read = reader.by_ref().take(limit).read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    } else if bytes.len() as u64 == limit {
        skip_to_line_end(reader)?;
        return Ok(Some(Err(too_long())));
    }
    Ok(Some(Ok(bytes)))
}

fn skip_to_line_end(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => {
                reader.consume(end + 1);
                return Ok(());
            }
            None => {
                let all = buffer.len();
                reader.consume(all);
            }
        }
    }
}

fn too_long() -> Error {
    Error::input(
        "",
        format!("the situation is more than {MAX_INPUT_BYTES} bytes; at most {MAX_INPUT_BYTES} are accepted"),
    )
}

fn utf8(bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        Error::input(
            "",
            format!(
                "not UTF-8 text (at byte {}); save the file as UTF-8",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> Vec<(usize, Result<String, String>)> {
        lines(input)
            .map(|l| {
                let (n, text) = l.unwrap();
                (n, text.map_err(|e| e.to_string()))
            })
            .collect()
    }

    #[test]
    fn each_bad_line_is_its_own_error_and_the_others_go_on() {
        let mut input = b"{\"a\":1}\r\n\n".to_vec();
        input.extend_from_slice(b"\xff\xfe\n");
        input.extend(std::iter::repeat_n(b'x', MAX_INPUT_BYTES + 10));
        input.extend_from_slice(b"\n{\"b\":2}");
        let lines = read(&input);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], (1, Ok("{\"a\":1}".into())));
        assert_eq!(lines[1].0, 3);
        assert!(lines[1].1.as_ref().unwrap_err().contains("not UTF-8"));
        assert_eq!(lines[2].0, 4);
        assert!(lines[2]
            .1
            .as_ref()
            .unwrap_err()
            .contains("more than 65536 bytes"));
        assert_eq!(lines[3], (5, Ok("{\"b\":2}".into())));
    }

    #[test]
    fn one_situation_stops_reading_at_the_limit() {
        let endless = std::io::repeat(b' ');
        let error = situation_text(endless).unwrap().unwrap_err();
        assert!(
            error.to_string().contains("more than 65536 bytes"),
            "{error}"
        );
    }
}
