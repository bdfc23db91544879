# Integration tests against real servers started by scripts/services (see docs/services.md).
# Included from the top-level CMakeLists.txt with FBKIT_SOURCE_DIR set to the repository root.
# Each test exits 77 (reported by CTest as skipped) when its server is unavailable.
#   scripts/services start && ctest -L integration
if(NOT DEFINED FBKIT_SOURCE_DIR)
  set(FBKIT_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/../..")
endif()

find_program(FBKIT_BASH bash REQUIRED)
find_program(FBKIT_PYTHON3 python3)
if(NOT FBKIT_PYTHON3)
  set(FBKIT_PYTHON3 python3)
endif()

set(_fbkit_it_dir "${FBKIT_SOURCE_DIR}/tests/integration")
add_test(NAME integration.postgres COMMAND ${FBKIT_BASH} ${_fbkit_it_dir}/postgres.sh)
add_test(NAME integration.mongo COMMAND ${FBKIT_PYTHON3} ${_fbkit_it_dir}/mongo.py)
add_test(NAME integration.es COMMAND ${FBKIT_BASH} ${_fbkit_it_dir}/es.sh)
add_test(NAME integration.kafka COMMAND ${FBKIT_BASH} ${_fbkit_it_dir}/kafka.sh)
set_tests_properties(
  integration.postgres integration.mongo integration.es integration.kafka
  PROPERTIES LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
unset(_fbkit_it_dir)
