//! One JSON object of a scenario, read field by field: each field of its type and in its range,
//! every error naming the field's path (such as `servers[1].workers`), and a field the object
//! may not have refused with the list of those it may. [`Out`] is the other way round: the
//! fields a writer gives, each left out when it holds its default.
//!
//! The page reads scenarios too, so every byte of this counts: each reader and writer is kept
//! out of line (`#[inline(never)]`), a field costing one call, and errors are noted rather than
//! returned, so that a field needs no branch either.

use std::cell::Cell;

use super::ScenarioError;
use crate::json::Json;
use crate::sim::config::in_range;
use crate::sim::time::{Micros, MILLISECOND, SECOND};

/// The largest whole number a field held in 32 bits takes.
pub(super) const U32: u64 = u32::MAX as u64;

/// The first error met while reading, if any. Reading goes on after an error, with defaults,
/// so that each field costs a call and no branch; the first error is the one told.
#[derive(Default)]
pub(super) struct Errors(Cell<Option<ScenarioError>>);

impl Errors {
    /// Notes that `path` is wrong, unless an error came first.
    #[inline(never)]
    pub(super) fn fail(&self, path: &str, message: String) {
        let first = self.0.take().unwrap_or_else(|| ScenarioError { path: path.to_string(), message });
        self.0.set(Some(first));
    }

    /// Notes that `value` at `path` is not of the kind expected.
    #[inline(never)]
    pub(super) fn invalid_type(&self, path: &str, value: &Json, expected: &str) {
        self.fail(path, format!("invalid type: {}, expected {expected}", value.describe()));
    }

    /// `value`, or the first error.
    pub(super) fn result<T>(&self, value: T) -> Result<T, ScenarioError> {
        match self.0.take() {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }

    /// A number from `min` to `max`.
    #[inline(never)]
    pub(super) fn number(&self, value: &Json, path: &str, min: f64, max: f64) -> Option<f64> {
        let Some(x) = value.as_f64() else {
            self.invalid_type(path, value, "a number");
            return None;
        };
        in_range(x, min, max).map_err(|why| self.fail(path, why)).ok()
    }

    /// A whole number (written without a fraction or exponent) from `min` to `max`.
    #[inline(never)]
    fn whole(&self, value: &Json, path: &str, min: u64, max: u64) -> Option<u64> {
        match (value, value.as_u64()) {
            (_, Some(n)) if (min..=max).contains(&n) => return Some(n),
            (Json::Number(text), _) if !text.contains(['.', 'e', 'E']) => {
                self.fail(path, format!("must be between {min} and {max}, got {text}"))
            }
            _ => self.invalid_type(path, value, "a whole number"),
        }
        None
    }

    /// The position in `options` of the string `value`.
    #[inline(never)]
    fn choice(&self, value: &Json, path: &str, options: &[&str]) -> Option<usize> {
        let Some(text) = value.as_str() else {
            self.invalid_type(path, value, &format!("a string, {}", listed(options)));
            return None;
        };
        let found = options.iter().position(|o| *o == text);
        if found.is_none() {
            self.fail(path, format!("unknown variant `{text}`, expected {}", listed(options)));
        }
        found
    }
}

/// The path of `name` under `path`: `servers[1]` and `workers` make `servers[1].workers`.
pub(super) fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Names in backquotes as a list: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn listed(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => "no field".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// An object being read: each field read gives its value, or its default when it is left out
/// or wrong (the error noted in [`Errors`]).
pub(super) struct Fields<'a> {
    members: &'a [(String, Json)],
    /// Where it is in the file, such as `servers[1]` (empty for the whole file).
    pub(super) path: String,
    /// Where errors are noted.
    pub(super) errors: &'a Errors,
}

impl<'a> Fields<'a> {
    /// The object `value` at `path`, which may have only the fields `known`.
    pub(super) fn new(value: &'a Json, path: &str, known: &[&str], errors: &'a Errors) -> Fields<'a> {
        Fields::entry(value, path, known, &[], errors)
    }

    /// The object `value` at `path`, which may have only the fields `known` and `skip` (those
    /// its reader reads itself, such as a timeline entry's `at_s` and `type`).
    #[inline(never)]
    pub(super) fn entry(
        value: &'a Json,
        path: &str,
        known: &[&str],
        skip: &[&str],
        errors: &'a Errors,
    ) -> Fields<'a> {
        let members = value.as_object().unwrap_or_else(|| {
            errors.invalid_type(path, value, "an object");
            &[]
        });
        let unknown = |name: &&String| !known.contains(&name.as_str()) && !skip.contains(&name.as_str());
        if let Some(name) = members.iter().map(|(name, _)| name).find(unknown) {
            errors.fail(&join(path, name), format!("unknown field `{name}`, expected {}", listed(known)));
        }
        Fields { members, path: path.to_string(), errors }
    }

    /// The object `name`, which may have only the fields `known`, unless it is left out.
    #[inline(never)]
    pub(super) fn object(&self, name: &str, known: &[&str]) -> Option<Fields<'a>> {
        self.get(name).map(|v| Fields::new(v, &self.at(name), known, self.errors))
    }

    /// The path of the field `name`.
    pub(super) fn at(&self, name: &str) -> String {
        join(&self.path, name)
    }

    /// Notes that the field `name` is wrong.
    #[inline(never)]
    pub(super) fn fail(&self, name: &str, message: impl Into<String>) {
        self.errors.fail(&self.at(name), message.into());
    }

    /// The value of `name`, unless it is left out or `null`.
    #[inline(never)]
    pub(super) fn get(&self, name: &str) -> Option<&'a Json> {
        self.members.iter().find(|(k, v)| k == name && !matches!(v, Json::Null)).map(|(_, v)| v)
    }

    /// The value of `name`, which must be given.
    #[inline(never)]
    pub(super) fn need(&self, name: &str) -> Option<&'a Json> {
        let value = self.get(name);
        if value.is_none() {
            self.errors.fail(&self.path, format!("missing field `{name}`"));
        }
        value
    }

    /// The number `name`, from `min` to `max`.
    #[inline(never)]
    pub(super) fn f64(&self, name: &str, min: f64, max: f64, default: f64) -> f64 {
        self.get(name).and_then(|v| self.errors.number(v, &self.at(name), min, max)).unwrap_or(default)
    }

    /// The time `name`, written in seconds from `min` to `max`, in microseconds.
    #[inline(never)]
    pub(super) fn secs(&self, name: &str, min: f64, max: f64, default: Micros) -> Micros {
        self.time(name, min, max, default, SECOND)
    }

    /// The time `name`, written in milliseconds from `min` to `max`, in microseconds.
    #[inline(never)]
    pub(super) fn ms(&self, name: &str, min: f64, max: f64, default: Micros) -> Micros {
        self.time(name, min, max, default, MILLISECOND)
    }

    #[inline(never)]
    fn time(&self, name: &str, min: f64, max: f64, default: Micros, unit: Micros) -> Micros {
        let value = self.get(name).and_then(|v| self.errors.number(v, &self.at(name), min, max));
        value.map_or(default, |x| (x * unit as f64).round().max(0.0) as Micros)
    }

    /// The whole number `name`, from `min` to `max`.
    #[inline(never)]
    pub(super) fn int(&self, name: &str, min: u64, max: u64, default: u64) -> u64 {
        self.get(name).and_then(|v| self.errors.whole(v, &self.at(name), min, max)).unwrap_or(default)
    }

    /// The flag `name`.
    #[inline(never)]
    pub(super) fn bool(&self, name: &str, default: bool) -> bool {
        self.get(name)
            .filter(|v| self.expect(name, v, v.as_bool().is_some(), "a boolean"))
            .and_then(Json::as_bool)
            .unwrap_or(default)
    }

    /// The string `name`.
    #[inline(never)]
    pub(super) fn str(&self, name: &str) -> Option<&'a str> {
        self.get(name)
            .filter(|v| self.expect(name, v, v.as_str().is_some(), "a string"))
            .and_then(Json::as_str)
    }

    /// The position in `options` of the string `name`.
    #[inline(never)]
    pub(super) fn choice(&self, name: &str, options: &[&str], default: usize) -> usize {
        self.get(name).and_then(|v| self.errors.choice(v, &self.at(name), options)).unwrap_or(default)
    }

    /// The array `name`.
    #[inline(never)]
    pub(super) fn array(&self, name: &str) -> Option<&'a [Json]> {
        self.get(name)
            .filter(|v| self.expect(name, v, v.as_array().is_some(), "an array"))
            .and_then(Json::as_array)
    }

    /// Whether `ok`; if not, notes that the field `name`'s `value` is not `expected`.
    #[inline(never)]
    fn expect(&self, name: &str, value: &Json, ok: bool, expected: &str) -> bool {
        if !ok {
            self.errors.invalid_type(&self.at(name), value, expected);
        }
        ok
    }
}

/// The members of an object being written, in the order given.
#[derive(Default)]
pub(super) struct Out(Vec<(String, Json)>);

impl Out {
    /// Adds `name`.
    #[inline(never)]
    pub(super) fn put(&mut self, name: &str, value: Json) {
        self.0.push((name.to_string(), value));
    }

    /// Adds the number `name` unless it is `default`.
    #[inline(never)]
    pub(super) fn num(&mut self, name: &str, value: f64, default: f64) {
        if value != default {
            self.put(name, Json::number(value));
        }
    }

    /// Adds the whole number `name` unless it is `default`.
    #[inline(never)]
    pub(super) fn int(&mut self, name: &str, value: u64, default: u64) {
        if value != default {
            self.put(name, Json::int(value));
        }
    }

    /// Adds the time `name` in seconds unless it is `default`.
    #[inline(never)]
    pub(super) fn secs(&mut self, name: &str, value: Micros, default: Micros) {
        self.time(name, value, default, SECOND);
    }

    /// Adds the time `name` in milliseconds unless it is `default`.
    #[inline(never)]
    pub(super) fn ms(&mut self, name: &str, value: Micros, default: Micros) {
        self.time(name, value, default, MILLISECOND);
    }

    #[inline(never)]
    fn time(&mut self, name: &str, value: Micros, default: Micros, unit: Micros) {
        if value != default {
            self.put(name, Json::number(value as f64 / unit as f64));
        }
    }

    /// Adds the flag `name` unless it is `default`.
    #[inline(never)]
    pub(super) fn bool(&mut self, name: &str, value: bool, default: bool) {
        if value != default {
            self.put(name, Json::Bool(value));
        }
    }

    /// Adds the string `name` unless it is `default`.
    #[inline(never)]
    pub(super) fn str(&mut self, name: &str, value: &str, default: &str) {
        if value != default {
            self.put(name, Json::str(value));
        }
    }

    /// Adds the object `name` unless it is empty.
    #[inline(never)]
    pub(super) fn nested(&mut self, name: &str, out: Out) {
        if !out.0.is_empty() {
            self.put(name, out.done());
        }
    }

    /// Adds every member of `other`, after those already added.
    pub(super) fn extend(&mut self, other: Out) {
        self.0.extend(other.0);
    }

    /// Whether nothing was added.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The object.
    pub(super) fn done(self) -> Json {
        Json::Object(self.0)
    }
}
