// The one place that names the Catch2 header: a move to Catch2 v3 changes this file only.
#pragma once
#include <catch2/catch.hpp>
