# shuzhi_embed(TARGET NAME FUNCTION BASE_DIR FILES...)
# Generates a C++ source that holds each file (and, for text-like assets, its
# gzip form) as string literals, plus a lookup function
#   const shuzhi::base::EmbeddedFile* FUNCTION(std::string_view path);
# The generator is a small C++ program (cmake/embed.cc) because CMake's own
# file(READ ... HEX) is too slow for megabytes of web assets.
add_executable(shuzhi_embed_tool ${CMAKE_SOURCE_DIR}/cmake/embed.cc)
target_link_libraries(shuzhi_embed_tool PRIVATE ZLIB::ZLIB)
set_target_properties(shuzhi_embed_tool PROPERTIES CXX_CLANG_TIDY "")

function(shuzhi_embed out_var name function base_dir)
  set(files ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embed_${name}.cc)
  set(list_file ${CMAKE_CURRENT_BINARY_DIR}/embed_${name}.list)
  string(REPLACE ";" "\n" list_text "${files}")
  file(WRITE ${list_file}.in "${list_text}\n")
  configure_file(${list_file}.in ${list_file} COPYONLY)
  set(abs_files)
  foreach(f ${files})
    list(APPEND abs_files ${base_dir}/${f})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND shuzhi_embed_tool ${out} ${function} ${base_dir} ${list_file}
    DEPENDS shuzhi_embed_tool ${abs_files} ${list_file}
    COMMENT "Embedding ${name}"
    VERBATIM)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
