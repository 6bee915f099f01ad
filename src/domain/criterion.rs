//! The criterion of an automated checklist item: a tiny expression language over the counts
//! of one resource's reconciliation report (`missing_rows == 0`,
//! `differing_rows <= 0.001 * matched_keys`), parsed by hand. Pure: no I/O, no store.
//!
//! Grammar (lowest precedence first; `and` binds tighter than `or`):
//!
//! ```text
//! condition  := conjunct ("or" conjunct)*
//! conjunct   := comparison ("and" comparison)*
//! comparison := sum ("==" | "!=" | "<=" | ">=" | "<" | ">") sum  |  "(" condition ")"
//! sum        := product (("+" | "-") product)*
//! product    := unary (("*" | "/") unary)*
//! unary      := "-" unary | number | count | function "(" string ")" | "(" sum ")"
//! ```
//!
//! Evaluation uses three-valued logic, as SQL does: a comparison that needs an unknown
//! value (a column absent from the delivery, a division by zero) is *unknown*; `true or
//! unknown` is true, `false and unknown` is false, and an item passes only when its
//! criterion is true.

mod words;

use std::fmt;

use crate::domain::report::ResourceReport;

pub use words::Wording;

/// The counts a criterion can name: every count of `ResourceReport`, by its report name,
/// plus `absent_columns` (how many compared columns the delivery lacks).
pub const COUNTS: [&str; 17] = [
    "source_rows",
    "excluded_rows",
    "expected_rows",
    "migrated_rows",
    "matched_keys",
    "identical_rows",
    "differing_rows",
    "missing_rows",
    "unexpected_rows",
    "excluded_but_migrated_rows",
    "duplicate_keys_source",
    "duplicate_keys_migrated",
    "null_keys_source",
    "null_keys_migrated",
    "rows_in_missing_keys",
    "rows_in_unexpected_keys",
    "absent_columns",
];

/// The per-column functions: `differing("col")`, `unmapped("col")`, `unparseable("col")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnFn {
    Differing,
    Unmapped,
    Unparseable,
}

impl ColumnFn {
    pub const ALL: [ColumnFn; 3] = [
        ColumnFn::Differing,
        ColumnFn::Unmapped,
        ColumnFn::Unparseable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ColumnFn::Differing => "differing",
            ColumnFn::Unmapped => "unmapped",
            ColumnFn::Unparseable => "unparseable",
        }
    }
}

/// A criterion that does not parse: `position` is the 1-based character where it goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at character {position}: {message}")]
pub struct CriterionError {
    pub position: usize,
    pub message: String,
}

/// What an evaluation found: whether the criterion holds, and the measured values as an
/// engineer reads them (`missing_rows = 4`, `differing_rows = 12 > 0.001 × matched_keys =
/// 0.4`), or in words (`Criterion::evaluate_in`: `manquants = 4`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub passed: bool,
    pub measured: String,
}

/// A parsed criterion; `Display` gives back the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    text: String,
    root: Node,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Ne,
    Le,
    Ge,
    Lt,
    Gt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Number(f64),
    Count(&'static str),
    Column(ColumnFn, String),
    Neg(Box<Node>),
    Arith(ArithOp, Box<Node>, Box<Node>),
    Compare(CmpOp, Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
}

impl Node {
    fn is_condition(&self) -> bool {
        matches!(self, Node::Compare(..) | Node::And(..) | Node::Or(..))
    }
}

impl Criterion {
    pub fn parse(text: &str) -> Result<Criterion, CriterionError> {
        let tokens = lex(text)?;
        let root = Parser { tokens, at: 0 }.criterion()?;
        Ok(Criterion {
            text: text.trim().to_string(),
            root,
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The columns named by `differing(..)`, `unmapped(..)`, `unparseable(..)`, in order,
    /// each once.
    pub fn columns(&self) -> Vec<&str> {
        fn walk<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
            match node {
                Node::Column(_, c) if !out.contains(&c.as_str()) => out.push(c),
                Node::Neg(a) => walk(a, out),
                Node::Arith(_, a, b)
                | Node::Compare(_, a, b)
                | Node::And(a, b)
                | Node::Or(a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// The evaluation, its measured values said technically (what JSON carries).
    pub fn evaluate(&self, report: &ResourceReport) -> Evaluation {
        self.evaluate_in(report, &Wording::Technical)
    }

    /// The evaluation, its measured values said as `wording` says them.
    pub fn evaluate_in(&self, report: &ResourceReport, wording: &Wording) -> Evaluation {
        let mut measured = Vec::new();
        let truth = condition(&self.root, report, &mut measured, wording);
        Evaluation {
            passed: truth == Some(true),
            measured: measured.join("; "),
        }
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The value of a count of the report, by its name in `COUNTS`.
pub fn count(report: &ResourceReport, name: &str) -> Option<u64> {
    let r = report;
    Some(match name {
        "source_rows" => r.source_rows,
        "excluded_rows" => r.excluded_rows,
        "expected_rows" => r.expected_rows,
        "migrated_rows" => r.migrated_rows,
        "matched_keys" => r.matched_keys,
        "identical_rows" => r.identical_rows,
        "differing_rows" => r.differing_rows,
        "missing_rows" => r.missing_rows,
        "unexpected_rows" => r.unexpected_rows,
        "excluded_but_migrated_rows" => r.excluded_but_migrated_rows,
        "duplicate_keys_source" => r.duplicate_keys_source,
        "duplicate_keys_migrated" => r.duplicate_keys_migrated,
        "null_keys_source" => r.null_keys_source,
        "null_keys_migrated" => r.null_keys_migrated,
        "rows_in_missing_keys" => r.rows_in_missing_keys,
        "rows_in_unexpected_keys" => r.rows_in_unexpected_keys,
        "absent_columns" => r.absent_columns.len() as u64,
        _ => return None,
    })
}

/// Kleene logic: `None` is unknown.
fn condition(
    node: &Node,
    report: &ResourceReport,
    out: &mut Vec<String>,
    wording: &Wording,
) -> Option<bool> {
    match node {
        Node::And(a, b) => {
            let (a, b) = (
                condition(a, report, out, wording),
                condition(b, report, out, wording),
            );
            if a == Some(false) || b == Some(false) {
                Some(false)
            } else {
                a.and(b)
            }
        }
        Node::Or(a, b) => {
            let (a, b) = (
                condition(a, report, out, wording),
                condition(b, report, out, wording),
            );
            if a == Some(true) || b == Some(true) {
                Some(true)
            } else {
                a.and(b)
            }
        }
        Node::Compare(op, l, r) => {
            let (lv, rv) = match (value(l, report, wording), value(r, report, wording)) {
                (Ok(lv), Ok(rv)) => (lv, rv),
                (Err(note), _) | (_, Err(note)) => {
                    out.push(note);
                    return None;
                }
            };
            let relation = if lv < rv {
                "<"
            } else if lv > rv {
                ">"
            } else {
                "="
            };
            // A constant side (`0`, `2 * 3`) is in the criterion already: show the other.
            let (render, number) = (|n: &Node| render(n, 0, wording), |v: f64| wording.number(v));
            out.push(match (is_constant(l), is_constant(r)) {
                (true, true) => format!("{} {relation} {}", number(lv), number(rv)),
                (false, true) => format!("{} = {}", render(l), number(lv)),
                (true, false) => format!("{} = {}", render(r), number(rv)),
                (false, false) => format!(
                    "{} = {} {relation} {} = {}",
                    render(l),
                    number(lv),
                    render(r),
                    number(rv)
                ),
            });
            Some(match op {
                CmpOp::Eq => lv == rv,
                CmpOp::Ne => lv != rv,
                CmpOp::Le => lv <= rv,
                CmpOp::Ge => lv >= rv,
                CmpOp::Lt => lv < rv,
                CmpOp::Gt => lv > rv,
            })
        }
        _ => unreachable!("the parser only builds conditions here"),
    }
}

/// Whether a number names no count and no column.
fn is_constant(node: &Node) -> bool {
    match node {
        Node::Number(_) => true,
        Node::Neg(a) => is_constant(a),
        Node::Arith(_, a, b) => is_constant(a) && is_constant(b),
        _ => false,
    }
}

/// A number, or the note that says why it is unknown.
fn value(node: &Node, report: &ResourceReport, wording: &Wording) -> Result<f64, String> {
    Ok(match node {
        Node::Number(n) => *n,
        Node::Count(name) => count(report, name).expect("names are checked at parse time") as f64,
        Node::Column(f, name) => {
            let Some(c) = report.column(name) else {
                let absent = report.absent_columns.iter().any(|a| a == name);
                return Err(wording.unknown_column(*f, name, absent));
            };
            (match f {
                ColumnFn::Differing => c.differing,
                ColumnFn::Unmapped => c.unmapped,
                ColumnFn::Unparseable => c.unparseable,
            }) as f64
        }
        Node::Neg(a) => -value(a, report, wording)?,
        Node::Arith(op, a, b) => {
            let (x, y) = (value(a, report, wording)?, value(b, report, wording)?);
            match op {
                ArithOp::Add => x + y,
                ArithOp::Sub => x - y,
                ArithOp::Mul => x * y,
                ArithOp::Div if y == 0.0 => {
                    return Err(wording.division_by_zero(&render(b, 0, wording)));
                }
                ArithOp::Div => x / y,
            }
        }
        _ => unreachable!("the parser only builds numbers here"),
    })
}

/// A number as people write it: `4`, `0.4`, `12.5` (at most 6 decimals, no trailing zeros).
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{v:.0}");
    }
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An arithmetic expression for the measured text (`0.001 × matched_keys`, or in words
/// `0,001 × clés rapprochées`), with the parentheses its precedence needs; `outer` is the
/// precedence of the enclosing operator.
fn render(node: &Node, outer: u8, wording: &Wording) -> String {
    let (text, prec) = match node {
        Node::Number(n) => (wording.number(*n), 3),
        Node::Count(c) => (wording.count(c), 3),
        Node::Column(f, c) => (wording.column(*f, c), 3),
        Node::Neg(a) => (format!("-{}", render(a, 3, wording)), 3),
        Node::Arith(op, a, b) => {
            let (sym, prec) = match op {
                ArithOp::Add => ("+", 1),
                ArithOp::Sub => ("-", 1),
                ArithOp::Mul => ("×", 2),
                ArithOp::Div => ("/", 2),
            };
            (
                format!(
                    "{} {sym} {}",
                    render(a, prec, wording),
                    render(b, prec + 1, wording)
                ),
                prec,
            )
        }
        _ => unreachable!("only numbers are rendered"),
    };
    if prec < outer {
        format!("({text})")
    } else {
        text
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Str(String),
    Sym(&'static str),
    End,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Number(n) => format!("number `{}`", number(*n)),
            Token::Name(n) => format!("`{n}`"),
            Token::Str(s) => format!("string \"{s}\""),
            Token::Sym(s) => format!("`{s}`"),
            Token::End => "end of criterion".into(),
        }
    }
}

fn fail(position: usize, message: impl Into<String>) -> CriterionError {
    CriterionError {
        position,
        message: message.into(),
    }
}

/// Tokens with their 1-based character positions; the last one is `End`.
fn lex(text: &str) -> Result<Vec<(usize, Token)>, CriterionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let lit: String = chars[start..i].iter().collect();
            let n = lit
                .parse::<f64>()
                .map_err(|_| fail(pos, format!("`{lit}` is not a number")))?;
            if chars.get(i) == Some(&',') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                return Err(fail(
                    i + 1,
                    "decimals are written with a dot: 0.001, not 0,001",
                ));
            }
            out.push((pos, Token::Number(n)));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((pos, Token::Name(chars[start..i].iter().collect())));
        } else if c == '"' || c == '\'' {
            let end = chars[i + 1..]
                .iter()
                .position(|&d| d == c)
                .ok_or_else(|| fail(pos, format!("this string is not closed; end it with {c}")))?;
            out.push((pos, Token::Str(chars[i + 1..i + 1 + end].iter().collect())));
            i += end + 2;
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let sym = [
                "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "(", ")",
            ]
            .into_iter()
            .find(|s| two.starts_with(s));
            let Some(sym) = sym else {
                let hint = match two.as_str() {
                    "&&" => "; write `and`",
                    "||" => "; write `or`",
                    _ if c == '=' => "; compare with `==`",
                    _ if c == ',' => "; a function takes one column name, and decimals use a dot",
                    _ => "",
                };
                return Err(fail(pos, format!("unexpected `{c}`{hint}")));
            };
            out.push((pos, Token::Sym(sym)));
            i += sym.chars().count();
        }
    }
    out.push((chars.len() + 1, Token::End));
    Ok(out)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
}

/// A parsed node with the position where it starts (for type errors).
struct Parsed {
    pos: usize,
    node: Node,
}

impl Parser {
    fn peek(&self) -> &(usize, Token) {
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> (usize, Token) {
        let t = self.peek().clone();
        self.at += 1;
        t
    }

    fn eat_sym(&mut self, sym: &str) -> bool {
        let hit = matches!(&self.peek().1, Token::Sym(s) if *s == sym);
        self.at += usize::from(hit);
        hit
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        let hit = matches!(&self.peek().1, Token::Name(n) if n.eq_ignore_ascii_case(word));
        self.at += usize::from(hit);
        hit
    }

    /// The whole criterion: a condition, then the end.
    fn criterion(&mut self) -> Result<Node, CriterionError> {
        let root = self.condition()?;
        let (pos, token) = self.peek();
        if *token != Token::End {
            return Err(fail(
                *pos,
                format!(
                    "unexpected {} after a complete criterion; join criteria with `and` / `or`",
                    token.describe()
                ),
            ));
        }
        if !root.node.is_condition() {
            return Err(fail(
                *pos,
                "a criterion is a comparison, e.g. `missing_rows == 0`; add == != <= >= < or >",
            ));
        }
        Ok(root.node)
    }

    /// `or` and `and` join conditions only.
    fn join(
        &mut self,
        keyword: &str,
        operand: fn(&mut Parser) -> Result<Parsed, CriterionError>,
        build: fn(Box<Node>, Box<Node>) -> Node,
    ) -> Result<Parsed, CriterionError> {
        let mut left = operand(self)?;
        while self.eat_keyword(keyword) {
            let right = operand(self)?;
            for side in [&left, &right] {
                if !side.node.is_condition() {
                    return Err(fail(
                        side.pos,
                        format!(
                            "`{keyword}` joins comparisons; compare this number, e.g. `missing_rows == 0`"
                        ),
                    ));
                }
            }
            left = Parsed {
                pos: left.pos,
                node: build(Box::new(left.node), Box::new(right.node)),
            };
        }
        Ok(left)
    }

    fn condition(&mut self) -> Result<Parsed, CriterionError> {
        self.join("or", Parser::conjunct, Node::Or)
    }

    fn conjunct(&mut self) -> Result<Parsed, CriterionError> {
        self.join("and", Parser::comparison, Node::And)
    }

    /// A comparison; or, just before a `)`, the number or condition in parentheses.
    fn comparison(&mut self) -> Result<Parsed, CriterionError> {
        let left = self.sum()?;
        if left.node.is_condition() {
            return Ok(left);
        }
        let (pos, token) = self.peek().clone();
        let op = match token {
            Token::Sym("==") => CmpOp::Eq,
            Token::Sym("!=") => CmpOp::Ne,
            Token::Sym("<=") => CmpOp::Le,
            Token::Sym(">=") => CmpOp::Ge,
            Token::Sym("<") => CmpOp::Lt,
            Token::Sym(">") => CmpOp::Gt,
            Token::Sym(")") | Token::End => return Ok(left),
            other => {
                return Err(fail(
                    pos,
                    format!(
                        "expected an operator or a comparison (== != <= >= < >), found {}",
                        other.describe()
                    ),
                ));
            }
        };
        self.at += 1;
        let right = self.number_operand()?;
        if let (pos, Token::Sym(s @ ("==" | "!=" | "<=" | ">=" | "<" | ">"))) = self.peek() {
            return Err(fail(
                *pos,
                format!("comparisons cannot be chained (`{s}`); join two comparisons with `and`"),
            ));
        }
        Ok(Parsed {
            pos: left.pos,
            node: Node::Compare(op, Box::new(left.node), Box::new(right.node)),
        })
    }

    fn number_operand(&mut self) -> Result<Parsed, CriterionError> {
        let p = self.sum()?;
        if p.node.is_condition() {
            return Err(fail(
                p.pos,
                "a number is needed here, not a condition; compare numbers and join the comparisons with `and` / `or`",
            ));
        }
        Ok(p)
    }

    fn sum(&mut self) -> Result<Parsed, CriterionError> {
        let mut left = self.product()?;
        loop {
            let op = if self.eat_sym("+") {
                ArithOp::Add
            } else if self.eat_sym("-") {
                ArithOp::Sub
            } else {
                return Ok(left);
            };
            left = self.arith(op, left, Parser::product)?;
        }
    }

    fn product(&mut self) -> Result<Parsed, CriterionError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat_sym("*") {
                ArithOp::Mul
            } else if self.eat_sym("/") {
                ArithOp::Div
            } else {
                return Ok(left);
            };
            left = self.arith(op, left, Parser::unary)?;
        }
    }

    fn arith(
        &mut self,
        op: ArithOp,
        left: Parsed,
        operand: fn(&mut Parser) -> Result<Parsed, CriterionError>,
    ) -> Result<Parsed, CriterionError> {
        let right = operand(self)?;
        for side in [&left, &right] {
            if side.node.is_condition() {
                return Err(fail(side.pos, "arithmetic needs numbers, not a condition"));
            }
        }
        Ok(Parsed {
            pos: left.pos,
            node: Node::Arith(op, Box::new(left.node), Box::new(right.node)),
        })
    }

    fn unary(&mut self) -> Result<Parsed, CriterionError> {
        let (pos, token) = self.next();
        let node = match token {
            Token::Sym("-") => {
                let inner = self.unary()?;
                if inner.node.is_condition() {
                    return Err(fail(inner.pos, "`-` needs a number, not a condition"));
                }
                Node::Neg(Box::new(inner.node))
            }
            Token::Number(n) => Node::Number(n),
            Token::Sym("(") => {
                let inner = self.condition()?;
                let (close, t) = self.next();
                if t != Token::Sym(")") {
                    return Err(fail(
                        close,
                        format!(
                            "expected `)` to close the `(` at character {pos}, found {}",
                            t.describe()
                        ),
                    ));
                }
                inner.node
            }
            Token::Name(name) => self.name(pos, name)?,
            other => {
                return Err(fail(
                    pos,
                    format!(
                        "expected a number, a count (missing_rows...) or a function (differing(\"column\")...), found {}",
                        other.describe()
                    ),
                ));
            }
        };
        Ok(Parsed { pos, node })
    }

    fn name(&mut self, pos: usize, name: String) -> Result<Node, CriterionError> {
        if let Some(f) = ColumnFn::ALL.into_iter().find(|f| f.name() == name) {
            let (p, t) = self.next();
            if t != Token::Sym("(") {
                return Err(fail(
                    p,
                    format!("`{name}` takes a column name: {name}(\"column\")"),
                ));
            }
            let (p, t) = self.next();
            let Token::Str(column) = t else {
                return Err(fail(
                    p,
                    format!(
                        "`{name}` takes a column name in quotes: {name}(\"column\"), found {}",
                        t.describe()
                    ),
                ));
            };
            let (p, t) = self.next();
            if t != Token::Sym(")") {
                return Err(fail(
                    p,
                    format!("expected `)` after the column name, found {}", t.describe()),
                ));
            }
            return Ok(Node::Column(f, column));
        }
        if let Some(c) = COUNTS.into_iter().find(|c| *c == name) {
            return Ok(Node::Count(c));
        }
        let known: Vec<&str> = COUNTS
            .iter()
            .copied()
            .chain(ColumnFn::ALL.map(ColumnFn::name))
            .collect();
        let hint = closest(&name, &known)
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        Err(fail(
            pos,
            format!(
                "unknown name `{name}`; {hint}counts: {}; functions: differing, unmapped, unparseable",
                COUNTS.join(", ")
            ),
        ))
    }
}

/// The candidate closest to `name` (edit distance at most 3), for "did you mean".
pub(crate) fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let next = (prev + usize::from(ca != *cb))
                    .min(row[j] + 1)
                    .min(row[j + 1] + 1);
                prev = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    }
    candidates
        .iter()
        .map(|c| (distance(name, c), *c))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::ColumnReport;

    fn report() -> ResourceReport {
        ResourceReport {
            name: "visit".into(),
            matched_keys: 400,
            identical_rows: 388,
            differing_rows: 12,
            missing_rows: 4,
            columns: vec![ColumnReport {
                name: "status".into(),
                differing: 6,
                unmapped: 2,
                ..Default::default()
            }],
            absent_columns: vec!["comment".into()],
            ..Default::default()
        }
    }

    fn eval(text: &str) -> Evaluation {
        Criterion::parse(text).unwrap().evaluate(&report())
    }

    #[test]
    fn the_contract_examples_evaluate() {
        assert_eq!(
            eval("missing_rows == 0"),
            Evaluation {
                passed: false,
                measured: "missing_rows = 4".into()
            }
        );
        assert!(!eval("differing(\"status\") == 0").passed);
        assert!(eval("excluded_but_migrated_rows == 0").passed);
        assert_eq!(
            eval("differing_rows <= 0.001 * matched_keys"),
            Evaluation {
                passed: false,
                measured: "differing_rows = 12 > 0.001 × matched_keys = 0.4".into()
            }
        );
        assert!(eval("differing_rows <= 0.05 * matched_keys").passed);
    }

    #[test]
    fn precedence_parentheses_and_division() {
        // 4 + 12 * 2 = 28, not 32.
        assert!(eval("missing_rows + differing_rows * 2 == 28").passed);
        assert!(eval("(missing_rows + differing_rows) * 2 == 32").passed);
        assert!(eval("differing_rows / matched_keys == 0.03").passed);
        assert!(eval("10 - 4 - 3 == 3").passed, "left-associative");
        assert!(eval("-missing_rows < 0").passed);
        assert_eq!(eval("missing_rows > -1 * 2").measured, "missing_rows = 4");
        assert_eq!(eval("1 < 2").measured, "1 < 2");
        assert_eq!(
            eval("differing_rows / (matched_keys - 400) < 1"),
            Evaluation {
                passed: false,
                measured: "division by zero: matched_keys - 400 = 0".into()
            }
        );
    }

    #[test]
    fn and_binds_tighter_than_or_and_unknown_is_kleene() {
        // false or (true and true) = true; (false or true) and false = false.
        assert!(eval("missing_rows == 0 or unexpected_rows == 0 and null_keys_source == 0").passed);
        assert!(
            !eval("(missing_rows == 0 or unexpected_rows == 0) and differing_rows == 0").passed
        );
        assert!(!eval("missing_rows == 4 and differing_rows == 0").passed);
        // an absent column is unknown: the item fails, with a note...
        let e = eval("differing(\"comment\") == 0");
        assert!(!e.passed);
        assert!(
            e.measured.contains("absent from this delivery"),
            "{}",
            e.measured
        );
        let e = eval("unmapped(\"nowhere\") == 0");
        assert!(!e.passed);
        assert!(
            e.measured.contains("not a compared column"),
            "{}",
            e.measured
        );
        // ... unless an `or` holds anyway
        assert!(eval("differing(\"comment\") == 0 or missing_rows > 0").passed);
        assert!(!eval("differing(\"comment\") == 0 or missing_rows == 0").passed);
        assert_eq!(
            eval("unmapped('status') <= 2 and differing_rows != 0").measured,
            "unmapped(\"status\") = 2; differing_rows = 12"
        );
    }

    #[test]
    fn columns_are_listed_once_in_order() {
        let c =
            Criterion::parse("differing(\"b\") + unmapped('a') + unparseable(\"b\") == 0").unwrap();
        assert_eq!(c.columns(), ["b", "a"]);
        assert_eq!(
            c.to_string(),
            "differing(\"b\") + unmapped('a') + unparseable(\"b\") == 0"
        );
    }

    #[test]
    fn every_count_of_the_report_is_named() {
        let json = serde_json::to_value(ResourceReport::default()).unwrap();
        for (field, value) in json.as_object().unwrap() {
            if value.is_u64() {
                assert!(
                    COUNTS.contains(&field.as_str()),
                    "`{field}` is not a criterion count"
                );
                let c = Criterion::parse(&format!("{field} == 0")).unwrap();
                assert!(c.evaluate(&ResourceReport::default()).passed);
            }
        }
        for name in COUNTS {
            assert!(count(&ResourceReport::default(), name).is_some(), "{name}");
        }
    }

    fn error(text: &str) -> CriterionError {
        Criterion::parse(text).unwrap_err()
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = error("mising_rows == 0");
        assert_eq!(e.position, 1);
        assert!(
            e.message.contains("did you mean `missing_rows`"),
            "{}",
            e.message
        );
        let e = error("differing_rows <= 0.001 *");
        assert_eq!(e.position, 26);
        assert!(e.message.contains("end of criterion"), "{}", e.message);
        assert_eq!(error("missing_rows = 0").position, 14);
        assert!(error("missing_rows = 0").message.contains("=="));
        assert_eq!(error("missing_rows").position, 13);
        assert_eq!(error("0 < missing_rows < 5").position, 18);
        assert_eq!(error("(missing_rows == 0").position, 19);
        assert_eq!(error("differing(status) == 0").position, 11);
        assert_eq!(error("differing(\"status) == 0").position, 11);
        assert_eq!(error("missing_rows == 0 and 3").position, 23);
        let e = error("missing_rows == 0 and 3");
        assert!(e.message.contains("`and` joins"), "{}", e.message);
        assert_eq!(error("differing_rows <= 0,001").position, 20);
        assert_eq!(error("missing_rows == 0 0").position, 19);
        assert_eq!(error("(missing_rows == 0) * 2 > 1").position, 1);
        assert_eq!(error("émoji == 0").position, 1);
        assert_eq!(error("missing_rows == 0 && x").position, 19);
    }

    #[test]
    fn keywords_ignore_case_and_numbers_print_plainly() {
        assert!(eval("missing_rows == 4 AND differing_rows == 12").passed);
        assert_eq!(number(0.001 * 400.0), "0.4");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(1.0 / 3.0), "0.333333");
    }
}
