# Writes OUT, a C++ source defining classify::embedded::<name> for each data file NAMES in DIR,
# as raw string literals. Run by the build whenever a data file changes.
set(text "// Generated from tools/fb-classify/data by embed.cmake; do not edit.\n#include \"embedded_data.h\"\nnamespace classify::embedded {\n")
foreach(name ${NAMES})
  file(READ ${DIR}/${name}.txt content)
  string(FIND "${content}" ")fbkit_data\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${name}.txt contains the raw-string delimiter")
  endif()
  string(APPEND text "extern const std::string_view ${name};\nconst std::string_view ${name} = R\"fbkit_data(${content})fbkit_data\";\n")
endforeach()
string(APPEND text "}  // namespace classify::embedded\n")
file(WRITE ${OUT}.tmp "${text}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
