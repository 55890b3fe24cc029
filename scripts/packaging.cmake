# What `cmake --install` puts in place and `cpack -G DEB` packages: the binary, the systemd unit
# (pointing at the installed binary), the example config and an empty desired.d, the man pages,
# bash completion and the JSON Schema of desired-state files. Included from CMakeLists.txt.
include(GNUInstallDirs)

install(TARGETS awsreconciled RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY config/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/awsreconciled/examples)
install(FILES scripts/completion.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME awsreconciled)

# The unit and the config are written at install time: the unit names the binary under the
# prefix chosen then, and an existing config is kept. /etc is outside any prefix, as the unit
# expects.
install(CODE "
  set(bindir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  file(READ ${CMAKE_SOURCE_DIR}/systemd/awsreconciled.service unit)
  string(REPLACE /usr/local/bin/awsreconciled \"\${bindir}/awsreconciled\" unit \"\${unit}\")
  file(WRITE \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/systemd/system/awsreconciled.service\"
       \"\${unit}\")
  set(config \"\$ENV{DESTDIR}/etc/awsreconciled/config.json\")
  if(NOT EXISTS \"\${config}\")
    file(COPY ${CMAKE_SOURCE_DIR}/config/examples/config.json
         DESTINATION \"\$ENV{DESTDIR}/etc/awsreconciled\")
  endif()
  file(MAKE_DIRECTORY \"\$ENV{DESTDIR}/etc/awsreconciled/desired.d\")")

# The JSON Schema, printed by the binary just built, so it always matches its types.
set(AWSR_JSON_SCHEMA ${CMAKE_BINARY_DIR}/desired-state.schema.json)
add_custom_command(
  OUTPUT ${AWSR_JSON_SCHEMA}
  COMMAND sh -c "$<TARGET_FILE:awsreconciled> schema > ${AWSR_JSON_SCHEMA}"
  DEPENDS awsreconciled
  COMMENT "Writing the JSON Schema of desired-state files"
  VERBATIM)
add_custom_target(json_schema ALL DEPENDS ${AWSR_JSON_SCHEMA})
install(FILES ${AWSR_JSON_SCHEMA} DESTINATION ${CMAKE_INSTALL_DATADIR}/awsreconciled OPTIONAL)

# Man pages from the docs' own markdown, when pandoc is there (scripts/setup.sh installs it).
find_program(AWSR_PANDOC pandoc)
if(AWSR_PANDOC)
  # gzip -n: no timestamp, so the package is the same byte for byte from the same sources.
  set(AWSR_MAN8 ${CMAKE_BINARY_DIR}/man/awsreconciled.8.gz)
  set(AWSR_MAN5 ${CMAKE_BINARY_DIR}/man/awsreconciled-desired.5.gz)
  set(man8_source ${CMAKE_SOURCE_DIR}/docs/man/awsreconciled.8.md)
  set(man5_sources ${CMAKE_SOURCE_DIR}/docs/man/awsreconciled-desired.5.md
      ${CMAKE_SOURCE_DIR}/docs/desired-state.md)
  string(JOIN " " man5_arguments ${man5_sources})
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/man)
  add_custom_command(
    OUTPUT ${AWSR_MAN8} ${AWSR_MAN5}
    COMMAND sh -c "${AWSR_PANDOC} -s -t man ${man8_source} | gzip -n -9 > ${AWSR_MAN8}"
    COMMAND sh -c "${AWSR_PANDOC} -s -t man ${man5_arguments} | gzip -n -9 > ${AWSR_MAN5}"
    DEPENDS ${man8_source} ${man5_sources}
    COMMENT "Writing the man pages"
    VERBATIM)
  add_custom_target(man_pages ALL DEPENDS ${AWSR_MAN8} ${AWSR_MAN5})
  install(FILES ${AWSR_MAN8} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
  install(FILES ${AWSR_MAN5} DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
else()
  message(STATUS "pandoc not found: no man pages (scripts/setup.sh installs it)")
endif()

# cpack -G DEB: dependencies from the libraries the binary links (dpkg-shlibdeps), the config
# as a conffile so upgrades keep the user's edits.
set(CPACK_PACKAGE_NAME awsreconciled)
set(CPACK_PACKAGE_CONTACT "awsreconciled developers <awsreconciled@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "keeps AWS infrastructure equal to desired-state files")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS systemd)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS bash-completion)
file(WRITE ${CMAKE_BINARY_DIR}/debian/conffiles "/etc/awsreconciled/config.json\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/debian/conffiles)
include(CPack)
