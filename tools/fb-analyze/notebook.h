#pragma once
// The Spark ML notebook's analyses over the per-customer table a Tally builds: customer segments
// (k-means from dlib, k picked by the silhouette score), a random-forest regression of complaint
// frequency (dlib) with its held-out RMSE, and least-squares trends of the daily and monthly
// volume with a forecast. Results are reproducible for a --seed.
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include "json_writer.h"
#include "tally.h"

namespace analyze {

struct NotebookOptions {
    int k_min = 2, k_max = 8;
    uint64_t seed = 1;
    int trees = 100;
    int forecast_days = 7, forecast_months = 3;
    size_t max_customers = 20000;   // customers sampled (by seed) for k-means and the forest
    size_t silhouette_sample = 2000;  // customers the silhouette is computed on (it is O(n^2))
    bool models = true;               // false: segments and frequency_model are null (--no-models)
};

// Writes the "notebook" object's members (customers, segments, frequency_model, trend, counts,
// places) and appends to `notes` what could not be computed and why.
void write_notebook(const Tally& t, const NotebookOptions& o, JsonWriter& w, std::vector<std::string>& notes);

}  // namespace analyze
