use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The mean of a sequence of numbers.
#[pyfunction]
fn mean(py: Python<'_>, values: Vec<f64>) -> PyResult<f64> {
    if values.is_empty() {
        return Err(PyValueError::new_err("mean() of an empty sequence"));
    }
    // `values` is a Rust Vec now: other Python threads may run while we add.
    let total: f64 = py.allow_threads(|| values.iter().sum());
    Ok(total / values.len() as f64)
}

/// Count the words in a text: runs of Unicode white space separate them.
#[pyfunction]
fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[pymodule]
fn native_rust(_py: Python<'_>, module: &PyModule) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(mean, module)?)?;
    module.add_function(wrap_pyfunction!(word_count, module)?)?;
    Ok(())
}
