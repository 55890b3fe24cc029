# Turns a text file into a C++ source file defining one function that returns it, so the binary
# carries it without anything installed beside it (the resource type schema, the dashboard).
# cmake -DINPUT=... -DOUTPUT=... -DHEADER=... -DNAMESPACE=... -DFUNCTION=... -P embed.cmake
file(READ ${INPUT} AWSR_EMBEDDED_TEXT)
file(WRITE ${OUTPUT} "// Generated from ${INPUT} by scripts/embed.cmake.\n"
  "#include \"${HEADER}\"\n"
  "namespace ${NAMESPACE} {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr char kText[] = R\"awsr_embedded(${AWSR_EMBEDDED_TEXT})awsr_embedded\";\n"
  "  return {kText, sizeof(kText) - 1};\n"
  "}\n"
  "}  // namespace ${NAMESPACE}\n")
