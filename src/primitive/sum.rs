//! `sum`: the sum of a numeric field over the rows (a deal's amount, an
//! order's total). A row whose value is empty or not a plain decimal does not
//! count; with no row counted the sum is 0.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words};
use crate::ingest::values::parse_decimal;
use crate::metrics::{Evidence, MetricValue};
use crate::model::{FieldId, FieldKind, Table};
use crate::warehouse::query::{Query, Res};

/// What [`parse_decimal`] reads, as a regular expression every dialect knows.
const DECIMAL: &str = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$";

#[derive(Debug, Clone)]
pub struct Sum {
    /// A number field of the metric's table.
    pub field: FieldId,
}

impl Primitive for Sum {
    const NAME: &'static str = "sum";
    /// The running total.
    type State = f64;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        let field = p.field()?;
        if let Some(t) = p.table
            && t.def(field).kind != FieldKind::Number
        {
            return Err(Unfit::Invalid(format!(
                "aggregate 'sum' adds up numbers, but {t}.{} is not a number",
                t.def(field).name
            )));
        }
        Ok(Sum { field })
    }

    fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        out.push((table, vec![self.field]));
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.field = Some(self.field);
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, total: &mut f64) -> bool {
        let Some(v) = row.text(self.field).and_then(parse_decimal) else {
            return false;
        };
        *total += v;
        ev.count += 1;
        true
    }

    fn finish(&self, total: &f64, _: i64, out: &mut MetricValue) {
        out.value = Some(*total);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the sum of {} over {}",
            w.table.def(self.field).name,
            w.rows
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        if v.fract() == 0.0 {
            out.push_str(&format!("{v:.0}"));
        } else {
            out.push_str(&format!("{v:.2}"));
        }
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        let text = q.text_col(s.table, self.field);
        let decimal = q.lit(DECIMAL, s.owner)?;
        let is_decimal = format!("COALESCE({}, FALSE)", q.d.regex_contains(&text, &decimal));
        s.conds.push(is_decimal);
        s.cols.push(format!(
            "CAST({text} AS {}) AS k_num",
            q.d.double_type()
        ));
        Ok(())
    }

    fn sql_group(&self, _: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("0 AS n_hits".into());
        s.aggs.push("SUM(m.k_num) AS k_agg".into());
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST(COALESCE({g}.k_agg, 0) AS {})", q.d.double_type())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Duration;

    /// A row with one field's text.
    struct Row(Option<&'static [u8]>);

    impl FoldRow for Row {
        fn passes(&mut self, _: usize) -> bool {
            true
        }
        fn text(&self, _: FieldId) -> Option<&[u8]> {
            self.0
        }
        fn day(&self) -> Option<i64> {
            None
        }
        fn age(&self) -> Option<i64> {
            None
        }
        fn duration(&self, _: &Duration) -> Option<f64> {
            None
        }
    }

    fn amount() -> FieldId {
        Table::Deals.field("amount").expect("deals.amount")
    }

    #[test]
    fn adds_up_plain_decimals_and_skips_the_rest() {
        let sum = Sum { field: amount() };
        let (mut ev, mut total) = (Evidence::default(), 0.0);
        for cell in [Some(&b"1200.50"[..]), Some(b" 300 "), None, Some(b"n/a"), Some(b"-0.5")] {
            sum.fold(&mut Row(cell), &mut ev, &mut total);
        }
        assert_eq!(ev.count, 3, "the empty and the unreadable cell do not count");
        let mut out = MetricValue {
            count: ev.count,
            ..MetricValue::default()
        };
        sum.finish(&total, 0, &mut out);
        assert_eq!(out.value, Some(1500.0));
        let mut none = MetricValue::default();
        sum.finish(&0.0, 0, &mut none);
        assert_eq!(none.value, Some(0.0), "a sum over no rows is 0");
    }

    #[test]
    fn needs_a_number_field() {
        let mut parts = Parts {
            table: Some(Table::Deals),
            field: Table::Deals.field("name"),
            ..Parts::default()
        };
        let Err(Unfit::Invalid(why)) = Sum::compile(&mut parts) else {
            panic!("a text field was taken");
        };
        assert!(why.contains("deals.name is not a number"), "{why}");
        let mut missing = Parts::default();
        assert!(matches!(
            Sum::compile(&mut missing),
            Err(Unfit::Needs("field"))
        ));
    }
}
