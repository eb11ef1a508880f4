// native_pybind: a C++ class and function exposed to Python with pybind11.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace py = pybind11;

// Mean and count of a stream of numbers, updated one value at a time.
class RunningMean {
public:
    void add(double value)
    {
        ++count_;
        mean_ += (value - mean_) / static_cast<double>(count_);
    }
    std::size_t count() const { return count_; }
    double mean() const
    {
        if (count_ == 0) {
            throw std::domain_error("no values added yet");  // becomes ValueError
        }
        return mean_;
    }

private:
    std::size_t count_ = 0;
    double mean_ = 0.0;
};

double mean(const std::vector<double> &values)
{
    if (values.empty()) {
        throw std::domain_error("mean() of an empty sequence");
    }
    // pybind11 has copied the list into `values`: no Python object is used
    // below, so other threads may run until `release` goes out of scope.
    py::gil_scoped_release release;
    double total = std::accumulate(values.begin(), values.end(), 0.0);
    return total / static_cast<double>(values.size());
}

PYBIND11_MODULE(native_pybind, module)
{
    module.doc() = "Running means, computed in C++.";
    module.def("mean", &mean, py::arg("values"),
               "The mean of a sequence of numbers.");
    py::class_<RunningMean>(module, "RunningMean")
        .def(py::init<>())
        .def("add", &RunningMean::add, py::arg("value"))
        .def_property_readonly("count", &RunningMean::count)
        .def_property_readonly("mean", &RunningMean::mean);
}
