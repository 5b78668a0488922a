import { TreeSelect, type TreeSelectProps } from 'antd';
import { toTree, useOrgUnits } from '../lib/org.ts';

/**
 * A form control choosing one org unit of the caller's scope from the expanded tree, searchable by name and code,
 * clearable (empty means "the creator's own scope" on the forms that use it). Form.Item passes value and onChange.
 */
export function UnitPicker(props: Omit<TreeSelectProps, 'treeData'>) {
  const units = useOrgUnits();
  return (
    <TreeSelect
      allowClear
      treeData={toTree(units.data ?? [])}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      {...props}
    />
  );
}
