# CPack: a Debian package of everything `cmake --install` installs (binaries, man pages, examples,
# shell completions, README). Included last from the top-level CMakeLists.txt.
#   cmake --build build && (cd build && cpack)        # -> build/fbkit_<version>_<arch>.deb
#   cpack --config build/CPackConfig.cmake -B DIR     # the package and CPack's scratch tree in DIR
# The package's Depends are computed by dpkg-shlibdeps (package dpkg-dev) from the libraries the
# binaries link, so they name the runtime packages (libcurl4, libpqxx-6.4, libmongoc-1.0-0 ...) of
# the distribution the package is built on: build it on the release it is for (here bookworm).

if(FBKIT_SANITIZE OR FBKIT_NATIVE)
  message(WARNING "FBKIT_SANITIZE/FBKIT_NATIVE are on: a package of this build is for this machine only")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME fbkit)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "fbkit")
set(CPACK_PACKAGE_CONTACT "fbkit maintainers <maintainers@users.noreply.b-seed-5f439f41.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Unix filters over NDJSON for a bank's customer feedback")
set(CPACK_PACKAGE_DESCRIPTION
    "Small programs that turn a stream of customer feedback into validated,
enriched, classified, stored and analysed records, joined by shell pipes:
fb-gen (test traffic), fb-ingest (validation, or an HTTP endpoint),
fb-enrich (join with customer and branch tables from PostgreSQL or CSV),
fb-classify (embedded lexicon, fastText or an LLM API), fb-sink-mongo and
fb-sink-es (MongoDB, Elasticsearch/OpenSearch), fb-analyze (reports in
text, JSON and HTML) and fb-consume (a Kafka consumer-group member that
feeds a pipeline and commits after it stored each batch).

Sample tables, SQL, an index template, Kibana objects and a Docker Compose
file for the servers are in /usr/share/fbkit/examples; man fbkit describes
the whole pipeline.")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)            # fbkit_0.1.0_amd64.deb, installing under /usr
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.org/fbkit")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not libraries: named time zones (fb-ingest --tz, FB_TZ) read /usr/share/zoneinfo; kcat moves
# NDJSON between Kafka and the pipe.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "kcat, bash-completion")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# `cmake --build build --target package_source`: a tarball of the sources without build trees.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/__pycache__/" "\\\\.pyc$")

include(CPack)
