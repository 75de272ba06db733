//! Charts drawn on the server as SVG, so they show without JavaScript and
//! print: the geometry is computed here, the template writes the shapes.
//! Each chart comes with a table of the same numbers, which is what a screen
//! reader reads.

/// Width of a bar chart's drawing, in SVG units: small, so that its 14-unit
/// text stays readable when a phone shrinks it.
const WIDTH: u32 = 480;
/// Room for the total, right of the bars.
const TOTAL_WIDTH: u32 = 40;
/// A row: its label on a line, its bar below.
const ROW_HEIGHT: u32 = 46;
const LABEL_HEIGHT: u32 = 20;
const BAR_HEIGHT: u32 = 18;
/// A label longer than this is cut, with "…" (the table has it whole).
const LABEL_CHARS: usize = 60;

/// A horizontal bar chart, one bar per row, each made of parts side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bars {
    pub width: u32,
    pub height: u32,
    pub rows: Vec<BarRow>,
}

/// One bar, its label above it and its total after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarRow {
    pub label: String,
    /// Baseline of the label.
    pub label_y: u32,
    /// Top of the bar.
    pub y: u32,
    /// Baseline of the total.
    pub text_y: u32,
    pub parts: Vec<Part>,
    pub total: usize,
    pub total_x: u32,
}

/// One part of a bar: its place, and the CSS class that colours it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub x: u32,
    pub width: u32,
    pub class: &'static str,
    pub value: usize,
}

/// Stacked bars: each row is a label and its parts (value, CSS class), on
/// one scale where the longest bar fills the width.
pub fn stacked(rows: Vec<(String, Vec<(usize, &'static str)>)>) -> Bars {
    let area = WIDTH - TOTAL_WIDTH;
    let longest = rows
        .iter()
        .map(|(_, parts)| parts.iter().map(|(v, _)| v).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |value: usize| u32::try_from(value * area as usize / longest).unwrap_or(area);
    let rows: Vec<BarRow> = rows
        .into_iter()
        .zip(0u32..)
        .map(|((label, values), i)| {
            let top = i * ROW_HEIGHT;
            let y = top + LABEL_HEIGHT;
            let mut x = 0;
            let mut before = 0;
            let parts = values
                .into_iter()
                .filter(|(value, _)| *value > 0)
                .map(|(value, class)| {
                    // Each part ends where the running total ends, so the
                    // rounding never adds up to more than the bar.
                    let end = scale(before + value);
                    before += value;
                    let part = Part {
                        x,
                        width: end - x,
                        class,
                        value,
                    };
                    x = end;
                    part
                })
                .collect();
            BarRow {
                label: shorten(&label),
                label_y: top + LABEL_HEIGHT - 6,
                y,
                text_y: y + BAR_HEIGHT - 4,
                parts,
                total: before,
                total_x: x + 6,
            }
        })
        .collect();
    Bars {
        width: WIDTH,
        height: u32::try_from(rows.len()).unwrap_or(0) * ROW_HEIGHT,
        rows,
    }
}

fn shorten(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Columns side by side, for a trend in a table's cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub width: u32,
    pub height: u32,
    pub columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub x: u32,
    pub y: u32,
    pub height: u32,
    pub value: usize,
}

const COLUMN_WIDTH: u32 = 10;
const COLUMN_GAP: u32 = 3;
const COLUMNS_HEIGHT: u32 = 32;

/// One column per value, the highest filling the height; a zero is a
/// one-unit line, so that a session nobody came to still shows.
pub fn columns(values: &[usize]) -> Columns {
    let highest = values.iter().copied().max().unwrap_or(0).max(1);
    let columns = values
        .iter()
        .zip(0u32..)
        .map(|(&value, i)| {
            let height = u32::try_from(value * COLUMNS_HEIGHT as usize / highest)
                .unwrap_or(COLUMNS_HEIGHT)
                .max(1);
            Column {
                x: i * (COLUMN_WIDTH + COLUMN_GAP),
                y: COLUMNS_HEIGHT - height,
                height,
                value,
            }
        })
        .collect::<Vec<_>>();
    Columns {
        width: (u32::try_from(values.len()).unwrap_or(0) * (COLUMN_WIDTH + COLUMN_GAP)).max(1),
        height: COLUMNS_HEIGHT,
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_bar_fills_the_area_and_parts_follow_each_other() {
        let bars = stacked(vec![
            ("Plenary".to_owned(), vec![(30, "a"), (10, "b")]),
            ("Session".to_owned(), vec![(0, "a"), (20, "b")]),
        ]);
        let area = WIDTH - TOTAL_WIDTH;
        let first = &bars.rows[0];
        assert_eq!(first.parts[0].x, 0);
        assert_eq!(first.parts[0].width + first.parts[1].width, area);
        assert_eq!(first.parts[1].x, first.parts[0].x + first.parts[0].width);
        assert_eq!(first.total, 40);
        let second = &bars.rows[1];
        assert_eq!(second.parts.len(), 1, "a zero part is not drawn");
        assert_eq!(second.parts[0].width, area / 2);
        assert_eq!(second.y, ROW_HEIGHT + LABEL_HEIGHT);
        assert!(second.label_y < second.y, "the label above its bar");
        assert_eq!(bars.height, 2 * ROW_HEIGHT);
    }

    #[test]
    fn an_empty_chart_has_no_rows_and_no_division_by_zero() {
        let bars = stacked(vec![("Nobody".to_owned(), vec![(0, "a")])]);
        assert!(bars.rows[0].parts.is_empty());
        assert_eq!(bars.rows[0].total, 0);
        assert!(stacked(Vec::new()).rows.is_empty());
    }

    #[test]
    fn long_labels_are_cut() {
        let bars = stacked(vec![("x".repeat(100), vec![(1, "a")])]);
        assert_eq!(bars.rows[0].label.chars().count(), LABEL_CHARS);
        assert!(bars.rows[0].label.ends_with('…'));
    }

    #[test]
    fn columns_scale_to_the_highest_and_show_zeros() {
        let cols = columns(&[4, 0, 8]);
        assert_eq!(cols.columns[2].height, COLUMNS_HEIGHT);
        assert_eq!(cols.columns[0].height, COLUMNS_HEIGHT / 2);
        assert_eq!(cols.columns[1].height, 1);
        assert_eq!(cols.columns[1].y, COLUMNS_HEIGHT - 1);
        assert_eq!(cols.width, 3 * (COLUMN_WIDTH + COLUMN_GAP));
    }
}
