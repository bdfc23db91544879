# fbkit_embed(OUT <generated .cpp> HEADER <header> NAMESPACE <ns> FILES <files...> NAMES <ids...>)
# Compiles data files into a tool (see embed.cmake): the generated source defines
# <ns>::<id> as std::string_view for each file, and is rebuilt when a file changes.
function(fbkit_embed)
  cmake_parse_arguments(E "" "OUT;HEADER;NAMESPACE" "FILES;NAMES" ${ARGN})
  string(REPLACE ";" "\\;" files "${E_FILES}")
  string(REPLACE ";" "\\;" names "${E_NAMES}")
  add_custom_command(
    OUTPUT ${E_OUT}
    COMMAND ${CMAKE_COMMAND} "-DFILES=${files}" "-DNAMES=${names}" -DNAMESPACE=${E_NAMESPACE} -DHEADER=${E_HEADER}
            -DOUT=${E_OUT} -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${E_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${E_NAMES}")
endfunction()
